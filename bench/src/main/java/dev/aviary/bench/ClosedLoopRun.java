package dev.aviary.bench;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Drives one closed-loop load test with the Vert.x HTTP client: {@code concurrency} loops, each
 * with at most one request in flight, over a pool of exactly that many keep-alive connections
 * ({@link RequestSender}).
 *
 * <p>Before the clock starts, every connection sends one priming request that is not counted: it
 * opens the connection and loads the client's code, which in a fresh JVM can take longer than a
 * short warm-up. Then come the warm-up and the measured window.
 */
final class ClosedLoopRun {

  private final LoadOptions options;
  private final Vertx vertx;
  private final RequestSender sender;

  private ClosedLoopRun(LoadOptions options, Vertx vertx) {
    this.options = options;
    this.vertx = vertx;
    this.sender = new RequestSender(options, vertx);
  }

  /** Runs the test to the end and returns its report. */
  static LoadReport run(LoadOptions options) throws InterruptedException {
    Vertx vertx = RequestSender.newVertx();
    try {
      return new ClosedLoopRun(options, vertx).execute();
    } finally {
      RequestSender.closeQuietly(vertx.close());
    }
  }

  private LoadReport execute() throws InterruptedException {
    // A request in flight ends within the request timeout at the latest.
    Duration grace = options.requestTimeout().plusSeconds(5);
    long primed = sender.prime(options.concurrency(), grace);

    long start = System.nanoTime();
    long windowStart = start + options.warmup().toNanos();
    long stopAt = windowStart + options.duration().toNanos();
    Measurements measurements = new Measurements(windowStart, stopAt);
    CountDownLatch loopsDone = new CountDownLatch(options.concurrency());
    for (int i = 0; i < options.concurrency(); i++) {
      vertx.runOnContext(v -> next(measurements, stopAt, loopsDone));
    }
    Duration bound = options.warmup().plus(options.duration()).plus(grace);
    boolean finished = loopsDone.await(bound.toMillis(), TimeUnit.MILLISECONDS);
    sender.close();
    if (!finished) {
      throw new IllegalStateException(
          loopsDone.getCount()
              + " connection(s) still had a request in flight "
              + bound
              + " after the start; the request timeout did not fire");
    }
    return new LoadReport(
        options.method(),
        options.url().toString(),
        options.body() == null ? 0 : options.body().length,
        options.concurrency(),
        options.warmup(),
        options.duration(),
        measurements.counted(),
        measurements.ok(),
        measurements.errors(),
        primed + measurements.completedAllPhases(),
        LoadReport.Latency.of(measurements.latencies()));
  }

  private void next(Measurements measurements, long stopAt, CountDownLatch loopsDone) {
    long start = System.nanoTime();
    if (start - stopAt >= 0) {
      loopsDone.countDown();
      return;
    }
    sender
        .send()
        .onComplete(
            outcome -> {
              long end = System.nanoTime();
              if (outcome.succeeded()) {
                measurements.response(start, end, outcome.result());
              } else {
                measurements.failure(start, end, RequestSender.kind(outcome.cause()));
              }
              // Through the event loop, so an instant failure cannot grow the stack.
              vertx.runOnContext(v -> next(measurements, stopAt, loopsDone));
            });
  }
}
