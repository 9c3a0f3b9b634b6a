package dev.aviary.gateway;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Request counts by status class, successes (below 500) and a latency histogram over the last
 * {@value #SECONDS} seconds, in one-second slots, read over any window up to that length. Time
 * comes from a {@link Clock}, so tests can move it. Latencies fall into logarithmic buckets 20 %
 * wide (0.1 ms to about 3 minutes); quantiles are interpolated within a bucket. Thread-safe.
 */
final class SlidingWindow {
  static final int SECONDS = 300;
  static final int BUCKETS = 80;
  private static final double FIRST_MS = 0.1;
  private static final double GROWTH = 1.2;
  private static final double LOG_GROWTH = Math.log(GROWTH);

  private final Clock clock;
  private final long[] slotSecond = new long[SECONDS];
  private final long[] count = new long[SECONDS];
  private final long[][] classes = new long[SECONDS][6];
  private final long[][] latency = new long[SECONDS][BUCKETS];

  SlidingWindow(Clock clock) {
    this.clock = clock;
    java.util.Arrays.fill(slotSecond, Long.MIN_VALUE);
  }

  /**
   * Counts, success ratio and latency quantiles (milliseconds) over a window; {@code outcomes} maps
   * status classes ("2xx") to counts, leaving out classes that did not occur.
   */
  record Snapshot(
      long requests,
      long successes,
      Map<String, Long> outcomes,
      double p50Ms,
      double p90Ms,
      double p99Ms) {
    double successRate() {
      return requests == 0 ? Double.NaN : (double) successes / requests;
    }
  }

  void record(long latencyNanos, int status) {
    int bucket = bucket(latencyNanos / 1e6);
    long second = Math.floorDiv(clock.millis(), 1000);
    synchronized (this) {
      add(second, bucket, Math.max(1, Math.min(5, status / 100)));
    }
  }

  private void add(long second, int bucket, int statusClass) {
    int slot = (int) Math.floorMod(second, SECONDS);
    if (slotSecond[slot] != second) {
      slotSecond[slot] = second;
      count[slot] = 0;
      java.util.Arrays.fill(classes[slot], 0);
      java.util.Arrays.fill(latency[slot], 0);
    }
    count[slot]++;
    classes[slot][statusClass]++;
    latency[slot][bucket]++;
  }

  /** The last {@code window} (rounded up to whole seconds, at most {@value #SECONDS} s). */
  synchronized Snapshot snapshot(Duration window) {
    long now = Math.floorDiv(clock.millis(), 1000);
    long seconds = Math.min(SECONDS, Math.max(1, (window.toMillis() + 999) / 1000));
    long requests = 0;
    long[] byClass = new long[6];
    long[] hist = new long[BUCKETS];
    for (int i = 0; i < SECONDS; i++) {
      long age = now - slotSecond[i];
      if (slotSecond[i] != Long.MIN_VALUE && age >= 0 && age < seconds) {
        requests += count[i];
        for (int c = 1; c <= 5; c++) {
          byClass[c] += classes[i][c];
        }
        for (int b = 0; b < BUCKETS; b++) {
          hist[b] += latency[i][b];
        }
      }
    }
    Map<String, Long> outcomes = new LinkedHashMap<>();
    for (int c = 1; c <= 5; c++) {
      if (byClass[c] > 0) {
        outcomes.put(c + "xx", byClass[c]);
      }
    }
    return new Snapshot(
        requests,
        requests - byClass[5],
        Map.copyOf(outcomes),
        quantile(hist, requests, 0.50),
        quantile(hist, requests, 0.90),
        quantile(hist, requests, 0.99));
  }

  static int bucket(double ms) {
    if (ms <= FIRST_MS) {
      return 0;
    }
    int b = (int) Math.ceil(Math.log(ms / FIRST_MS) / LOG_GROWTH);
    return Math.min(BUCKETS - 1, b);
  }

  static double upperBound(int bucket) {
    return FIRST_MS * Math.pow(GROWTH, bucket);
  }

  private static double quantile(long[] hist, long total, double q) {
    if (total == 0) {
      return Double.NaN;
    }
    double rank = q * total;
    long seen = 0;
    for (int b = 0; b < BUCKETS; b++) {
      if (hist[b] == 0) {
        continue;
      }
      if (seen + hist[b] >= rank) {
        double lower = b == 0 ? 0 : upperBound(b - 1);
        double upper = upperBound(b);
        double within = (rank - seen) / hist[b];
        return lower + (upper - lower) * within;
      }
      seen += hist[b];
    }
    return upperBound(BUCKETS - 1);
  }
}
