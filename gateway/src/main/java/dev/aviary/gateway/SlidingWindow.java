package dev.aviary.gateway;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Request counts by status class, successes (below 500) and a latency histogram over the last
 * {@value #SECONDS} seconds, in one-second slots, read over any window up to that length. Time
 * comes from a {@link Clock}, so tests can move it. Latencies fall into logarithmic buckets 20 %
 * wide (0.1 ms to about 3 minutes); quantiles are interpolated within a bucket. Thread-safe: each
 * thread records into one of a few stripes (so that the event loops do not contend for one lock on
 * every request), and a snapshot adds the stripes up.
 */
final class SlidingWindow {
  static final int SECONDS = 300;
  static final int BUCKETS = 80;
  private static final double FIRST_MS = 0.1;
  private static final double GROWTH = 1.2;
  private static final double LOG_GROWTH = Math.log(GROWTH);

  private static final int STRIPES = Math.min(4, Runtime.getRuntime().availableProcessors());

  private final Clock clock;
  private final Stripe[] stripes = new Stripe[STRIPES];

  /** One stripe's slots; guarded by the stripe itself. */
  private static final class Stripe {
    final long[] slotSecond = new long[SECONDS];
    final long[] count = new long[SECONDS];
    final long[][] classes = new long[SECONDS][6];
    final long[][] latency = new long[SECONDS][BUCKETS];

    Stripe() {
      java.util.Arrays.fill(slotSecond, Long.MIN_VALUE);
    }
  }

  SlidingWindow(Clock clock) {
    this.clock = clock;
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new Stripe();
    }
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
      double p95Ms,
      double p99Ms) {
    double successRate() {
      return requests == 0 ? Double.NaN : (double) successes / requests;
    }
  }

  void record(long latencyNanos, int status) {
    int bucket = bucket(latencyNanos / 1e6);
    long second = Math.floorDiv(clock.millis(), 1000);
    Stripe stripe = stripes[(int) (Thread.currentThread().getId() % STRIPES)];
    synchronized (stripe) {
      add(stripe, second, bucket, Math.max(1, Math.min(5, status / 100)));
    }
  }

  private static void add(Stripe s, long second, int bucket, int statusClass) {
    int slot = (int) Math.floorMod(second, SECONDS);
    if (s.slotSecond[slot] != second) {
      s.slotSecond[slot] = second;
      s.count[slot] = 0;
      java.util.Arrays.fill(s.classes[slot], 0);
      java.util.Arrays.fill(s.latency[slot], 0);
    }
    s.count[slot]++;
    s.classes[slot][statusClass]++;
    s.latency[slot][bucket]++;
  }

  /** The last {@code window} (rounded up to whole seconds, at most {@value #SECONDS} s). */
  Snapshot snapshot(Duration window) {
    long now = Math.floorDiv(clock.millis(), 1000);
    long seconds = Math.min(SECONDS, Math.max(1, (window.toMillis() + 999) / 1000));
    long requests = 0;
    long[] byClass = new long[6];
    long[] hist = new long[BUCKETS];
    for (Stripe s : stripes) {
      synchronized (s) {
        for (int i = 0; i < SECONDS; i++) {
          long age = now - s.slotSecond[i];
          if (s.slotSecond[i] != Long.MIN_VALUE && age >= 0 && age < seconds) {
            requests += s.count[i];
            for (int c = 1; c <= 5; c++) {
              byClass[c] += s.classes[i][c];
            }
            for (int b = 0; b < BUCKETS; b++) {
              hist[b] += s.latency[i][b];
            }
          }
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
        quantile(hist, requests, 0.95),
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
