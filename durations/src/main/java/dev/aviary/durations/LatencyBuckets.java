package dev.aviary.durations;

import java.time.Duration;

/**
 * The one bucket layout of every request-latency histogram (model server and gateway), so that a
 * query can put the two side by side, bucket for bucket. It ends at 30 s because a request that the
 * gateway retries or queues can outlast the server's own 10 s.
 */
public final class LatencyBuckets {
  private static final Duration[] BOUNDS = {
    Duration.ofNanos(500_000),
    Duration.ofMillis(1),
    Duration.ofNanos(2_500_000),
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(25),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofMillis(2500),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10),
    Duration.ofSeconds(30)
  };

  private LatencyBuckets() {}

  /** The upper bounds, ascending; a fresh copy each call. */
  public static Duration[] bounds() {
    return BOUNDS.clone();
  }
}
