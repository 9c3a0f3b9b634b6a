package dev.aviary.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Counts outcomes and records latencies, thread-safely. In a closed loop only requests that both
 * start and finish inside the measured window count; warm-up requests and those still in flight at
 * the end do not. In an open loop a request counts when its intended start lies inside the window,
 * however late it finishes: leaving out the slowest answers would flatter the server.
 */
final class Measurements {

  static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(10);

  private final long windowStart;
  private final long windowEnd;
  private final boolean mustFinishInWindow;
  private final ConcurrentHistogram latencyMicros = new ConcurrentHistogram(HIGHEST_MICROS, 3);
  private final LongAdder counted = new LongAdder();
  private final LongAdder ok = new LongAdder();
  private final LongAdder completedAllPhases = new LongAdder();
  private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();

  /** Window bounds are {@link System#nanoTime()} values. */
  Measurements(long windowStartNanos, long windowEndNanos) {
    this(windowStartNanos, windowEndNanos, true);
  }

  private Measurements(long windowStartNanos, long windowEndNanos, boolean mustFinishInWindow) {
    this.windowStart = windowStartNanos;
    this.windowEnd = windowEndNanos;
    this.mustFinishInWindow = mustFinishInWindow;
  }

  /** For an open loop: requests count by their (intended) start alone. */
  static Measurements byStart(long windowStartNanos, long windowEndNanos) {
    return new Measurements(windowStartNanos, windowEndNanos, false);
  }

  /** Whether a request that ran from {@code start} to {@code end} belongs to the measurement. */
  static boolean inWindow(long start, long end, long windowStart, long windowEnd) {
    return start - windowStart >= 0 && windowEnd - end >= 0;
  }

  private boolean counts(long start, long end) {
    return mustFinishInWindow
        ? inWindow(start, end, windowStart, windowEnd)
        : start - windowStart >= 0 && windowEnd - start > 0;
  }

  /** A response arrived with this HTTP status; latency is recorded for every status. */
  void response(long start, long end, int status) {
    completedAllPhases.increment();
    if (!counts(start, end)) {
      return;
    }
    counted.increment();
    latencyMicros.recordValue(
        Math.min(HIGHEST_MICROS, Math.max(0, TimeUnit.NANOSECONDS.toMicros(end - start))));
    if (status >= 200 && status < 300) {
      ok.increment();
    } else {
      errors.computeIfAbsent("HTTP " + status, k -> new LongAdder()).increment();
    }
  }

  /** The request failed without a response (connect error, timeout, reset...). */
  void failure(long start, long end, String kind) {
    completedAllPhases.increment();
    if (!counts(start, end)) {
      return;
    }
    counted.increment();
    errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
  }

  long counted() {
    return counted.sum();
  }

  long ok() {
    return ok.sum();
  }

  long completedAllPhases() {
    return completedAllPhases.sum();
  }

  Map<String, Long> errors() {
    Map<String, Long> out = new TreeMap<>();
    errors.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  Histogram latencies() {
    return latencyMicros.copy();
  }
}
