package dev.aviary.gateway;

import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * What one client may hold of the traffic port: how long a keep-alive connection may sit idle, how
 * long a request's head and then its body may take to arrive (trickling bytes does not extend
 * either), and how many client connections are open at once. At the limit a new connection takes
 * the place of the longest-idle one on its event loop, or is answered 503 when none is idle, so
 * idle connections can never lock out traffic.
 *
 * @param idleTimeout a connection with no request in progress is closed after this
 * @param headTimeout from a request's first byte to the end of its head; then 408
 * @param bodyTimeout from the end of the head to the end of the body; then 408
 * @param maxConnections client connections open at once
 */
public record ClientLimits(
    Duration idleTimeout, Duration headTimeout, Duration bodyTimeout, int maxConnections) {

  public ClientLimits {
    positive("idleTimeout", idleTimeout);
    positive("headTimeout", headTimeout);
    positive("bodyTimeout", bodyTimeout);
    if (maxConnections < 1) {
      throw new IllegalArgumentException(
          "maxConnections must be at least 1, got " + maxConnections);
    }
  }

  /**
   * 75 s idle (longer than the usual 60 s a client keeps a connection), 10 s for a head, 60 s for a
   * body, and half of the process's file descriptors for clients (the other half is for upstream
   * connections, the admin and metrics listeners, and files).
   */
  public static ClientLimits defaults() {
    return new ClientLimits(
        Duration.ofSeconds(75),
        Duration.ofSeconds(10),
        Duration.ofSeconds(60),
        defaultMaxConnections(descriptorLimit()));
  }

  /** Half of {@code descriptors}, at least 64 and at most 1,000,000. */
  static int defaultMaxConnections(long descriptors) {
    return (int) Math.max(64, Math.min(1_000_000, descriptors / 2));
  }

  private static long descriptorLimit() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
      return unix.getMaxFileDescriptorCount();
    }
    return 4096;
  }

  public ClientLimits withIdleTimeout(Duration d) {
    return new ClientLimits(d, headTimeout, bodyTimeout, maxConnections);
  }

  public ClientLimits withHeadTimeout(Duration d) {
    return new ClientLimits(idleTimeout, d, bodyTimeout, maxConnections);
  }

  public ClientLimits withBodyTimeout(Duration d) {
    return new ClientLimits(idleTimeout, headTimeout, d, maxConnections);
  }

  public ClientLimits withMaxConnections(int n) {
    return new ClientLimits(idleTimeout, headTimeout, bodyTimeout, n);
  }

  private static void positive(String name, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be a positive duration, got " + d);
    }
  }
}
