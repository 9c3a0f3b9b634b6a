package dev.aviary.cli;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The dashboard's address as {@code aviary up} and {@code aviary demo} print it. With a token, the
 * sign-in address ({@code /?token=...}, as Jupyter prints) goes only to a terminal: standard output
 * that is redirected usually ends in a log file, and the token must not (see docs/security.md).
 */
public final class DashboardAddress {
  private DashboardAddress() {}

  /**
   * @param token the control API's token, null when it runs without one
   * @param terminal whether the line is shown on a terminal rather than written to a file or pipe
   */
  public static String of(String host, int port, String token, boolean terminal) {
    String base = "http://" + urlHost(host) + ":" + port + "/";
    if (token == null) {
      return base;
    }
    if (terminal) {
      return base + "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
    }
    return base + " (sign in with the token; the address with it is shown only on a terminal)";
  }

  /** Whether standard input and output are both a terminal (Java 17's {@code System.console}). */
  public static boolean onTerminal() {
    return System.console() != null;
  }

  private static String urlHost(String host) {
    String h = host.replace("[", "").replace("]", "");
    if (h.equals("0.0.0.0") || h.equals("::")) {
      return "127.0.0.1"; // a wildcard bind answers on loopback, and a browser cannot open 0.0.0.0
    }
    return h.contains(":") ? "[" + h + "]" : h;
  }
}
