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
 * @param latency latencies of the measured requests that got a response (any status); in an open
 *     loop measured from each request's intended send time
 * @param openLoop how the schedule of an open loop went; null for a closed loop
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
    Latency latency,
    OpenLoop openLoop) {

  LoadReport {
    errors = Map.copyOf(errors);
  }

  /** A closed-loop report. */
  LoadReport(
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
    this(
        method,
        url,
        bodyBytes,
        concurrency,
        warmup,
        duration,
        requests,
        ok,
        errors,
        completedAllPhases,
        latency,
        null);
  }

  double requestsPerSecond() {
    return requests / (duration.toNanos() / 1e9);
  }

  long errorCount() {
    return errors.values().stream().mapToLong(Long::longValue).sum();
  }

  /**
   * The schedule of an open loop over the measured window.
   *
   * @param rate the requests per second asked for
   * @param scheduled requests due in the window ({@code rate × duration})
   * @param sent those sent; the rest could not be, because every connection was busy to the end
   * @param late those sent more than {@code lateAfterMs} after their intended time
   * @param maxLagMs the longest a request was sent after its intended time
   * @param fromSend latencies of the same responses from the moment each request was actually
   *     handed to the connection: the server's part, without the waits for the schedule
   */
  record OpenLoop(
      double rate,
      long scheduled,
      long sent,
      long late,
      double lateAfterMs,
      double maxLagMs,
      Latency fromSend) {

    long unsent() {
      return scheduled - sent;
    }
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
