package dev.aviary.gateway;

/**
 * Headers that belong to one connection (plus the ones the gateway sets itself) and so are not
 * forwarded. Checked on the received bytes, by length first, because this runs for every header of
 * every proxied request and answer.
 */
final class HopByHop {
  private HopByHop() {}

  /** Whether the header name in {@code buf[start, start + length)} is hop-by-hop. */
  static boolean is(byte[] buf, int start, int length) {
    if (length == 0) {
      return false;
    }
    // Every hop-by-hop name starts with one of c, e, h, k, p, t, u: most headers stop here.
    switch (buf[start] | 0x20) {
      case 'c', 'e', 'h', 'k', 'p', 't', 'u' -> {}
      default -> {
        return false;
      }
    }
    return switch (length) {
      case 2 -> Ascii.equalsLower(buf, start, length, "te");
      case 4 -> Ascii.equalsLower(buf, start, length, "host");
      case 6 -> Ascii.equalsLower(buf, start, length, "expect");
      case 7 ->
          Ascii.equalsLower(buf, start, length, "trailer")
              || Ascii.equalsLower(buf, start, length, "upgrade");
      case 10 ->
          Ascii.equalsLower(buf, start, length, "connection")
              || Ascii.equalsLower(buf, start, length, "keep-alive");
      case 14 -> Ascii.equalsLower(buf, start, length, "content-length");
      case 16 -> Ascii.equalsLower(buf, start, length, "proxy-connection");
      case 17 -> Ascii.equalsLower(buf, start, length, "transfer-encoding");
      case 18 -> Ascii.equalsLower(buf, start, length, "proxy-authenticate");
      case 19 -> Ascii.equalsLower(buf, start, length, "proxy-authorization");
      default -> false;
    };
  }
}
