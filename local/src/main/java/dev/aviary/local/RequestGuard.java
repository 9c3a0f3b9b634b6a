package dev.aviary.local;

import dev.aviary.gateway.Loopback;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether a request may reach the control API, from its method and headers alone, before
 * authentication. It exists because a web page in the user's browser can send requests to a
 * loopback port: a cross-site "simple" request (a form or {@code fetch} with {@code text/plain} and
 * no preflight) can change state without reading the answer, and a page whose DNS name is rebound
 * to 127.0.0.1 can read the answers, with its own name in {@code Host}. So: bodies only of the
 * media types a browser cannot send without a CORS preflight, {@code Host} only the API's own
 * names, and no {@code Origin} but the API's own.
 */
final class RequestGuard {
  static final Set<String> BODY_TYPES =
      Set.of("application/json", "application/yaml", "application/x-yaml");
  private static final Set<String> BODY_METHODS = Set.of("POST", "PUT", "PATCH");
  private static final List<String> LOOPBACK_NAMES = List.of("127.0.0.1", "localhost", "[::1]");

  /** Why a request is refused: the HTTP status and the message of its JSON error. */
  record Refusal(int status, String error) {}

  private final Set<String> names;

  private RequestGuard(Set<String> names) {
    this.names = Collections.unmodifiableSet(new LinkedHashSet<>(names));
  }

  /**
   * The guard of an API bound to {@code bindHost}: its names are that address, the loopback names
   * when it is a loopback or wildcard address, and {@code machineNames} (the machine's addresses
   * and host name, found at the edge) when it is a wildcard address.
   */
  static RequestGuard forBindAddress(String bindHost, Set<String> machineNames) {
    Set<String> names = new LinkedHashSet<>();
    names.add(hostName(bindHost));
    boolean wildcard = isWildcard(bindHost);
    if (wildcard || Loopback.isLoopback(bindHost)) {
      names.addAll(LOOPBACK_NAMES);
    }
    if (wildcard) {
      machineNames.forEach(n -> names.add(hostName(n)));
    }
    return new RequestGuard(names);
  }

  /** The names a {@code Host} header may carry (lower case, IPv6 in brackets). */
  Set<String> names() {
    return names;
  }

  static boolean isWildcard(String host) {
    String h = host.replace("[", "").replace("]", "");
    return h.equals("0.0.0.0") || h.equals("::") || h.equals("0:0:0:0:0:0:0:0");
  }

  /**
   * The refusal of a request to the API listening on {@code port}, or empty when it may proceed.
   * Header arguments are null when the request has no such header.
   */
  Optional<Refusal> check(
      String method, int port, String hostHeader, String originHeader, String contentType) {
    if (hostHeader == null || !isOwnAuthority(hostHeader.trim(), port, false)) {
      return Optional.of(
          new Refusal(
              421,
              "Host: "
                  + (hostHeader == null ? "missing" : "'" + hostHeader + "'")
                  + " is not an address of this API; expected one of "
                  + String.join(", ", names)
                  + " (with port "
                  + port
                  + " or none)"));
    }
    if (originHeader != null && !isOwnOrigin(originHeader.trim(), port)) {
      return Optional.of(
          new Refusal(
              403,
              "Origin: '"
                  + originHeader
                  + "' is not this API's origin; cross-site requests are refused"));
    }
    if (BODY_METHODS.contains(method.toUpperCase(Locale.ROOT))) {
      String type = mediaType(contentType);
      if (!BODY_TYPES.contains(type)) {
        return Optional.of(
            new Refusal(
                415,
                "Content-Type: "
                    + (contentType == null ? "missing" : "'" + contentType + "'")
                    + "; expected application/json or application/yaml"
                    + " (or application/x-yaml)"));
      }
    }
    return Optional.empty();
  }

  private static String mediaType(String contentType) {
    if (contentType == null) {
      return "";
    }
    int semicolon = contentType.indexOf(';');
    String type = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
    return type.trim().toLowerCase(Locale.ROOT);
  }

  /** {@code name[:port]}; the port, when present, must be the API's. */
  private boolean isOwnAuthority(String authority, int port, boolean portRequired) {
    String name;
    String portText;
    if (authority.startsWith("[")) {
      int close = authority.indexOf(']');
      if (close < 0) {
        return false;
      }
      name = authority.substring(0, close + 1);
      String rest = authority.substring(close + 1);
      if (!rest.isEmpty() && !rest.startsWith(":")) {
        return false;
      }
      portText = rest.isEmpty() ? null : rest.substring(1);
    } else {
      int colon = authority.indexOf(':');
      if (colon != authority.lastIndexOf(':')) {
        return false; // an IPv6 address without brackets is not a valid authority
      }
      name = colon < 0 ? authority : authority.substring(0, colon);
      portText = colon < 0 ? null : authority.substring(colon + 1);
    }
    if (!names.contains(name.toLowerCase(Locale.ROOT))) {
      return false;
    }
    if (portText == null) {
      return !portRequired || port == 80;
    }
    return portText.equals(String.valueOf(port));
  }

  private boolean isOwnOrigin(String origin, int port) {
    URI uri;
    try {
      uri = new URI(origin);
    } catch (URISyntaxException e) {
      return false; // "null" (sandboxed pages, file: URLs) and anything unparsable
    }
    return "http".equalsIgnoreCase(uri.getScheme())
        && uri.getRawAuthority() != null
        && (uri.getRawPath() == null || uri.getRawPath().isEmpty())
        && uri.getRawUserInfo() == null
        && isOwnAuthority(uri.getRawAuthority(), port, true);
  }

  private static String hostName(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    return h.contains(":") && !h.startsWith("[") ? "[" + h + "]" : h;
  }
}
