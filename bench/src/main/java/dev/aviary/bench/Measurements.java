package dev.aviary.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Counts outcomes and records latencies, thread-safely. Only requests that both start and finish
 * inside the measured window count; warm-up requests and those still in flight at the end do not.
 */
final class Measurements {

  static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(10);

  private final long windowStart;
  private final long windowEnd;
  private final ConcurrentHistogram latencyMicros = new ConcurrentHistogram(HIGHEST_MICROS, 3);
  private final LongAdder counted = new LongAdder();
  private final LongAdder ok = new LongAdder();
  private final LongAdder completedAllPhases = new LongAdder();
  private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();

  /** Window bounds are {@link System#nanoTime()} values. */
  Measurements(long windowStartNanos, long windowEndNanos) {
    this.windowStart = windowStartNanos;
    this.windowEnd = windowEndNanos;
  }

  /** Whether a request that ran from {@code start} to {@code end} belongs to the measurement. */
  static boolean inWindow(long start, long end, long windowStart, long windowEnd) {
    return start - windowStart >= 0 && windowEnd - end >= 0;
  }

  /** A response arrived with this HTTP status; latency is recorded for every status. */
  void response(long start, long end, int status) {
    completedAllPhases.increment();
    if (!inWindow(start, end, windowStart, windowEnd)) {
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
    if (!inWindow(start, end, windowStart, windowEnd)) {
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
