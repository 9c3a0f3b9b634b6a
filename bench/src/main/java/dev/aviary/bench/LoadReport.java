package dev.aviary.bench;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The result of one load test.
 *
 * @param requests requests that started and finished inside the measured window
 * @param ok those answered with a 2xx status
 * @param errors the rest, by kind: {@code HTTP 503}, {@code timeout}, {@code connect error}...
 * @param completedAllPhases every request that finished, warm-up and stragglers included
 * @param latency latencies of the measured requests that got a response (any status)
 */
record LoadReport(
    String method,
    String url,
    int bodyBytes,
    int concurrency,
    Duration warmup,
    Duration duration,
    long requests,
    long ok,
    Map<String, Long> errors,
    long completedAllPhases,
    Latency latency) {

  LoadReport {
    errors = Map.copyOf(errors);
  }

  double requestsPerSecond() {
    return requests / (duration.toNanos() / 1e9);
  }

  long errorCount() {
    return errors.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Latency percentiles in milliseconds; all zero when nothing was recorded. */
  record Latency(
      long count, double mean, double p50, double p90, double p99, double p999, double max) {

    static Latency of(Histogram micros) {
      if (micros.getTotalCount() == 0) {
        return new Latency(0, 0, 0, 0, 0, 0, 0);
      }
      return new Latency(
          micros.getTotalCount(),
          micros.getMean() / 1_000.0,
          ms(micros.getValueAtPercentile(50)),
          ms(micros.getValueAtPercentile(90)),
          ms(micros.getValueAtPercentile(99)),
          ms(micros.getValueAtPercentile(99.9)),
          ms(micros.getMaxValue()));
    }

    private static double ms(long micros) {
      return micros / (double) TimeUnit.MILLISECONDS.toMicros(1);
    }
  }
}
