package dev.aviary.gateway;

/**
 * Whether a listen address stays on this machine. Decided from the text alone, without a DNS
 * look-up, so that a name the resolver maps somewhere else later cannot pass the check. One rule
 * for every listener that may run without a token only on loopback.
 */
public final class Loopback {
  private Loopback() {}

  /** True for {@code localhost}, {@code 127.0.0.0/8} and {@code ::1} (with or without brackets). */
  public static boolean isLoopback(String host) {
    String h =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    return h.equals("localhost")
        || h.startsWith("127.")
        || h.equals("::1")
        || h.equals("0:0:0:0:0:0:0:1");
  }
}
