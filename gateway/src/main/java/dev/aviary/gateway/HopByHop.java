package dev.aviary.gateway;

import io.vertx.core.MultiMap;
import java.util.Map;

/**
 * Headers that belong to one connection (plus the ones the gateway sets itself) and so are not
 * forwarded. Checked in one pass over the headers present, without lower-casing, because this runs
 * twice per proxied request.
 */
final class HopByHop {
  private HopByHop() {}

  static boolean is(String name) {
    if (name.isEmpty()) {
      return false;
    }
    // Every hop-by-hop name starts with one of c, e, h, k, p, t, u: most headers stop here.
    switch (name.charAt(0) | 0x20) {
      case 'c', 'e', 'h', 'k', 'p', 't', 'u' -> {}
      default -> {
        return false;
      }
    }
    return switch (name.length()) {
      case 2 -> is(name, "te");
      case 4 -> is(name, "host");
      case 6 -> is(name, "expect");
      case 7 -> is(name, "trailer") || is(name, "upgrade");
      case 10 -> is(name, "connection") || is(name, "keep-alive");
      case 14 -> is(name, "content-length");
      case 16 -> is(name, "proxy-connection");
      case 17 -> is(name, "transfer-encoding");
      case 18 -> is(name, "proxy-authenticate");
      case 19 -> is(name, "proxy-authorization");
      default -> false;
    };
  }

  private static boolean is(String name, String hop) {
    return name.equalsIgnoreCase(hop);
  }

  /** Removes the hop-by-hop headers from {@code headers} (in place). */
  static void strip(MultiMap headers) {
    String first = null;
    String[] more = null;
    int found = 0;
    for (Map.Entry<String, String> e : headers) {
      String name = e.getKey();
      if (is(name)) {
        if (found == 0) {
          first = name;
        } else {
          if (more == null) {
            more = new String[8];
          } else if (found - 1 == more.length) {
            more = java.util.Arrays.copyOf(more, more.length * 2);
          }
          more[found - 1] = name;
        }
        found++;
      }
    }
    if (found > 0) {
      headers.remove(first);
    }
    for (int i = 0; i < found - 1; i++) {
      headers.remove(more[i]);
    }
  }

  /** Adds every header of {@code from} except the hop-by-hop ones to {@code to}. */
  static void copy(MultiMap from, MultiMap to) {
    for (Map.Entry<String, String> e : from) {
      if (!is(e.getKey())) {
        to.add(e.getKey(), e.getValue());
      }
    }
  }
}
