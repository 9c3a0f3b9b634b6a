package dev.aviary.bench;

import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;

/**
 * Drives one open-loop load test: requests go out on the fixed schedule of a rate, over at most
 * {@code concurrency} connections, and each latency runs from the request's intended send time to
 * the end of its response, so time spent waiting for a connection or for the generator itself
 * counts against the server as it would for real users.
 *
 * <p>The work is split into lanes, one per event loop of the generator, each with its own
 * connections and every {@code lanes}-th request of the schedule ({@link OpenLoopPacer} at {@code
 * rate / lanes}, offset by its place): one event loop alone could not send and read tens of
 * thousands of requests per second on a machine it shares with the server, and would fall behind
 * the schedule. One thread (the caller's) keeps the schedule: it sleeps until the next request of
 * any lane is due (or a slot frees), then hands the due requests to their lane's event loop. The
 * connections are opened by one uncounted priming request each before the clock starts.
 */
final class OpenLoopRun {

  /** A request sent later than this after its intended time counts as late. */
  static final Duration LATE_AFTER = Duration.ofMillis(1);

  private final LoadOptions options;
  private final Vertx vertx;

  /** An event loop, its connections and its share of the schedule. */
  private record Lane(Context context, RequestSender sender, int connections) {}

  private OpenLoopRun(LoadOptions options, Vertx vertx) {
    this.options = options;
    this.vertx = vertx;
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

  /**
   * How many lanes {@code connections} connections make on {@code eventLoops} event loops: one per
   * event loop, as long as each lane keeps at least one connection.
   */
  static int laneCount(int eventLoops, int connections) {
    return Math.max(1, Math.min(eventLoops, connections));
  }

  /**
   * The connections of lane {@code i} of {@code lanes}: an even split, the first lanes rounding up.
   */
  static int laneConnections(int connections, int lanes, int i) {
    return connections / lanes + (i < connections % lanes ? 1 : 0);
  }

  private List<Lane> lanes() {
    int count = laneCount(RequestSender.eventLoops(), options.concurrency());
    List<Context> contexts = eventLoopContexts(count);
    List<Lane> lanes = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int connections = laneConnections(options.concurrency(), count, i);
      lanes.add(
          new Lane(contexts.get(i), new RequestSender(options, vertx, connections), connections));
    }
    return lanes;
  }

  /**
   * {@code count} contexts on distinct event loops (while there are that many): each instance of a
   * deployed verticle gets a context of its own on the next event loop.
   */
  private List<Context> eventLoopContexts(int count) {
    List<Context> contexts = new CopyOnWriteArrayList<>();
    vertx
        .deployVerticle(
            () ->
                new VerticleBase() {
                  @Override
                  public Future<?> start() {
                    contexts.add(context);
                    return Future.succeededFuture();
                  }
                },
            new DeploymentOptions().setInstances(count))
        .await();
    return List.copyOf(contexts);
  }

  private LoadReport execute() throws InterruptedException {
    Duration grace = options.requestTimeout().plusSeconds(5);
    List<Lane> lanes = lanes();
    long primed = 0;
    for (Lane lane : lanes) {
      primed += lane.sender().prime(lane.connections(), grace, lane.context());
    }
    Thread scheduler = Thread.currentThread();

    long start = System.nanoTime();
    long windowStart = start + options.warmup().toNanos();
    long end = windowStart + options.duration().toNanos();
    double laneRate = options.rate() / lanes.size();
    List<OpenLoopPacer> pacers = new ArrayList<>(lanes.size());
    for (int i = 0; i < lanes.size(); i++) {
      // Lane i takes requests i, i + lanes, i + 2 lanes... of the whole schedule.
      long offset = (long) Math.floor(i * 1e9 / options.rate());
      pacers.add(
          new OpenLoopPacer(
              laneRate,
              start + offset,
              windowStart,
              end,
              lanes.get(i).connections(),
              LATE_AFTER.toNanos()));
    }
    Measurements measurements = Measurements.byStart(windowStart, end);
    ConcurrentHistogram fromSend = new ConcurrentHistogram(Measurements.HIGHEST_MICROS, 3);

    while (true) {
      long now = System.nanoTime();
      long wakeAt = Long.MAX_VALUE;
      boolean finished = true;
      for (int i = 0; i < lanes.size(); i++) {
        OpenLoopPacer pacer = pacers.get(i);
        OpenLoopPacer.Batch batch;
        synchronized (pacer) {
          batch = pacer.poll(now);
          wakeAt = Math.min(wakeAt, pacer.nextPollAt());
          finished &= pacer.finished(now);
        }
        if (batch.count() > 0) {
          Lane lane = lanes.get(i);
          lane.context()
              .runOnContext(v -> sendAll(lane, batch, pacer, measurements, fromSend, scheduler));
        }
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
    while (outstanding(pacers) > 0 && System.nanoTime() - deadline < 0) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
    int abandoned = outstanding(pacers);
    lanes.forEach(lane -> lane.sender().close());
    if (abandoned > 0) {
      throw new IllegalStateException(
          abandoned
              + " request(s) still in flight "
              + grace
              + " after the end; the request timeout did not fire");
    }
    long scheduled = 0;
    long sent = 0;
    long late = 0;
    long maxLag = 0;
    for (OpenLoopPacer pacer : pacers) {
      synchronized (pacer) {
        scheduled += pacer.scheduled();
        sent += pacer.sent();
        late += pacer.late();
        maxLag = Math.max(maxLag, pacer.maxLagNanos());
      }
    }
    LoadReport.OpenLoop schedule =
        new LoadReport.OpenLoop(
            options.rate(),
            scheduled,
            sent,
            late,
            LATE_AFTER.toNanos() / 1e6,
            maxLag / 1e6,
            LoadReport.Latency.of(fromSend));
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

  private static void sendAll(
      Lane lane,
      OpenLoopPacer.Batch batch,
      OpenLoopPacer pacer,
      Measurements measurements,
      ConcurrentHistogram fromSend,
      Thread scheduler) {
    for (long i = batch.first(); i < batch.first() + batch.count(); i++) {
      long intended = pacer.intendedAt(i);
      boolean measured = pacer.measured(i);
      long sentAt = System.nanoTime();
      lane.sender()
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

  private static int outstanding(List<OpenLoopPacer> pacers) {
    int sum = 0;
    for (OpenLoopPacer pacer : pacers) {
      synchronized (pacer) {
        sum += pacer.outstanding();
      }
    }
    return sum;
  }
}
