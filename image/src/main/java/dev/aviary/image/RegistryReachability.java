package dev.aviary.image;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;

/**
 * Whether anything listens at a registry's address, asked before the build so that a wrong {@code
 * --push} fails in a second rather than after the layers are made.
 */
final class RegistryReachability {
  private static final int TIMEOUT_MILLIS = 5000;

  private RegistryReachability() {}

  /** {@code registry} is {@code HOST[:PORT]}; without a port, 443 (and 80 when insecure). */
  static void check(String registry, boolean insecure) {
    int colon = registry.lastIndexOf(':');
    String host = colon > 0 ? registry.substring(0, colon) : registry;
    List<Integer> ports =
        colon > 0
            ? List.of(Integer.parseInt(registry.substring(colon + 1)))
            : insecure ? List.of(443, 80) : List.of(443);
    IOException last = null;
    for (int port : ports) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
        return;
      } catch (IOException e) {
        last = e;
      }
    }
    throw new ImageException(
        "cannot reach the registry "
            + registry
            + " (port "
            + ports.stream().map(String::valueOf).reduce((a, b) -> a + " or " + b).orElseThrow()
            + "): "
            + last.getMessage(),
        last);
  }
}
