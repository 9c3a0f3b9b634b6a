package dev.aviary.bench;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;

/**
 * Drives one open-loop load test: requests go out on the fixed schedule of an {@link
 * OpenLoopPacer}, over at most {@code concurrency} connections, and each latency runs from the
 * request's intended send time to the end of its response, so time spent waiting for a connection
 * or for the generator itself counts against the server as it would for real users.
 *
 * <p>One thread (the caller's) keeps the schedule: it sleeps until the next request is due (or a
 * slot frees), then hands the due requests to an event loop. The connections are opened by one
 * uncounted priming request each before the clock starts.
 */
final class OpenLoopRun {

  /** A request sent later than this after its intended time counts as late. */
  static final Duration LATE_AFTER = Duration.ofMillis(1);

  private final LoadOptions options;
  private final Vertx vertx;
  private final RequestSender sender;

  private OpenLoopRun(LoadOptions options, Vertx vertx) {
    this.options = options;
    this.vertx = vertx;
    this.sender = new RequestSender(options, vertx);
  }

  /** Runs the test to the end and returns its report. */
  static LoadReport run(LoadOptions options) throws InterruptedException {
    if (!options.openLoop()) {
      throw new IllegalArgumentException("an open loop needs a rate");
    }
    Vertx vertx = RequestSender.newVertx();
    try {
      return new OpenLoopRun(options, vertx).execute();
    } finally {
      RequestSender.closeQuietly(vertx.close());
    }
  }

  private LoadReport execute() throws InterruptedException {
    Duration grace = options.requestTimeout().plusSeconds(5);
    long primed = sender.prime(options.concurrency(), grace);
    Context context = vertx.getOrCreateContext();
    Thread scheduler = Thread.currentThread();

    long start = System.nanoTime();
    long windowStart = start + options.warmup().toNanos();
    long end = windowStart + options.duration().toNanos();
    OpenLoopPacer pacer =
        new OpenLoopPacer(
            options.rate(), start, windowStart, end, options.concurrency(), LATE_AFTER.toNanos());
    Measurements measurements = Measurements.byStart(windowStart, end);
    ConcurrentHistogram fromSend = new ConcurrentHistogram(Measurements.HIGHEST_MICROS, 3);

    while (true) {
      long now = System.nanoTime();
      OpenLoopPacer.Batch batch;
      long wakeAt;
      boolean finished;
      synchronized (pacer) {
        batch = pacer.poll(now);
        wakeAt = pacer.nextPollAt();
        finished = pacer.finished(now);
      }
      if (batch.count() > 0) {
        context.runOnContext(v -> sendAll(batch, pacer, measurements, fromSend, scheduler));
      }
      if (finished) {
        break;
      }
      // Wake when the next request is due, when a slot frees (a completion unparks this thread),
      // or at the end, whichever comes first.
      long sleep = Math.min(wakeAt, end) - now;
      if (sleep > 0) {
        LockSupport.parkNanos(sleep);
      }
    }

    long deadline = System.nanoTime() + grace.toNanos();
    while (outstanding(pacer) > 0 && System.nanoTime() - deadline < 0) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
    int abandoned = outstanding(pacer);
    sender.close();
    if (abandoned > 0) {
      throw new IllegalStateException(
          abandoned
              + " request(s) still in flight "
              + grace
              + " after the end; the request timeout did not fire");
    }
    LoadReport.OpenLoop schedule;
    synchronized (pacer) {
      schedule =
          new LoadReport.OpenLoop(
              options.rate(),
              pacer.scheduled(),
              pacer.sent(),
              pacer.late(),
              LATE_AFTER.toNanos() / 1e6,
              pacer.maxLagNanos() / 1e6,
              LoadReport.Latency.of(fromSend));
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
        LoadReport.Latency.of(measurements.latencies()),
        schedule);
  }

  private void sendAll(
      OpenLoopPacer.Batch batch,
      OpenLoopPacer pacer,
      Measurements measurements,
      ConcurrentHistogram fromSend,
      Thread scheduler) {
    for (long i = batch.first(); i < batch.first() + batch.count(); i++) {
      long intended = pacer.intendedAt(i);
      boolean measured = pacer.measured(i);
      long sentAt = System.nanoTime();
      sender
          .send()
          .onComplete(
              outcome -> {
                long done = System.nanoTime();
                if (outcome.succeeded()) {
                  measurements.response(intended, done, outcome.result());
                  if (measured) {
                    fromSend.recordValue(
                        Math.min(
                            Measurements.HIGHEST_MICROS,
                            TimeUnit.NANOSECONDS.toMicros(Math.max(0, done - sentAt))));
                  }
                } else {
                  measurements.failure(intended, done, RequestSender.kind(outcome.cause()));
                }
                synchronized (pacer) {
                  pacer.completed();
                }
                LockSupport.unpark(scheduler);
              });
    }
  }

  private static int outstanding(OpenLoopPacer pacer) {
    synchronized (pacer) {
      return pacer.outstanding();
    }
  }
}
