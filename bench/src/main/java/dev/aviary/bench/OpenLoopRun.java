package dev.aviary.bench;

import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.ConcurrentHistogram;

/**
 * Drives one open-loop load test: requests go out on the fixed schedule of a rate, over at most
 * {@code concurrency} connections, and each latency runs from the request's intended send time to
 * the end of its response, so time spent waiting for a connection or for the generator itself
 * counts against the server as it would for real users.
 *
 * <p>The work is split into lanes, one per event loop of the generator, each with its own
 * connections and every {@code lanes}-th request of the schedule ({@link OpenLoopPacer} at {@code
 * rate / lanes}, offset by its place). Each lane keeps its own schedule on its event loop: a timer
 * of the event loop fires when its next request is due, and a response that frees a connection
 * sends whatever waited for one. Nothing crosses threads per request: one event loop alone, or a
 * separate thread handing requests to event loops, cost so much CPU on a machine shared with the
 * server that the generator fell up to seconds behind its schedule. The connections are opened by
 * one uncounted priming request each before the clock starts.
 */
final class OpenLoopRun {

  /** A request sent later than this after its intended time counts as late. */
  static final Duration LATE_AFTER = Duration.ofMillis(1);

  private final LoadOptions options;
  private final Vertx vertx;

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

  private LoadReport execute() throws InterruptedException {
    Duration grace = options.requestTimeout().plusSeconds(5);
    int count = laneCount(RequestSender.eventLoops(), options.concurrency());
    List<Context> contexts = eventLoopContexts(count);
    List<RequestSender> senders = new ArrayList<>(count);
    long primed = 0;
    for (int i = 0; i < count; i++) {
      int connections = laneConnections(options.concurrency(), count, i);
      RequestSender sender = new RequestSender(options, vertx, connections);
      senders.add(sender);
      primed += sender.prime(connections, grace, contexts.get(i));
    }

    long start = System.nanoTime();
    long windowStart = start + options.warmup().toNanos();
    long end = windowStart + options.duration().toNanos();
    Measurements measurements = Measurements.byStart(windowStart, end);
    ConcurrentHistogram fromSend = new ConcurrentHistogram(Measurements.HIGHEST_MICROS, 3);
    CountDownLatch sendingDone = new CountDownLatch(count);
    List<Lane> lanes = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      // Lane i takes requests i, i + count, i + 2 count... of the whole schedule.
      long offset = (long) Math.floor(i * 1e9 / options.rate());
      OpenLoopPacer pacer =
          new OpenLoopPacer(
              options.rate() / count,
              start + offset,
              windowStart,
              end,
              laneConnections(options.concurrency(), count, i),
              LATE_AFTER.toNanos());
      lanes.add(
          new Lane(
              (ContextInternal) contexts.get(i),
              senders.get(i),
              pacer,
              measurements,
              fromSend,
              sendingDone));
    }
    lanes.forEach(Lane::begin);

    Duration bound = options.warmup().plus(options.duration()).plus(grace);
    sendingDone.await(bound.toMillis(), TimeUnit.MILLISECONDS);
    long deadline = System.nanoTime() + grace.toNanos();
    while (outstanding(lanes) > 0 && System.nanoTime() - deadline < 0) {
      Thread.sleep(10);
    }
    int abandoned = outstanding(lanes);
    senders.forEach(RequestSender::close);
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
    for (Lane lane : lanes) {
      synchronized (lane.pacer) {
        scheduled += lane.pacer.scheduled();
        sent += lane.pacer.sent();
        late += lane.pacer.late();
        maxLag = Math.max(maxLag, lane.pacer.maxLagNanos());
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

  private static int outstanding(List<Lane> lanes) {
    int sum = 0;
    for (Lane lane : lanes) {
      synchronized (lane.pacer) {
        sum += lane.pacer.outstanding();
      }
    }
    return sum;
  }

  /**
   * One event loop's share of the schedule. Runs on that event loop only; the pacer is also read by
   * the caller's thread at the end, hence its lock (never contended while sending).
   */
  private static final class Lane {
    private final ContextInternal context;
    private final RequestSender sender;
    private final OpenLoopPacer pacer;
    private final Measurements measurements;
    private final ConcurrentHistogram fromSend;
    private final CountDownLatch sendingDone;
    private final Runnable tick = this::tick;
    private long timerAt = Long.MAX_VALUE;
    private boolean done;
    private boolean waitingForSlot;

    Lane(
        ContextInternal context,
        RequestSender sender,
        OpenLoopPacer pacer,
        Measurements measurements,
        ConcurrentHistogram fromSend,
        CountDownLatch sendingDone) {
      this.context = context;
      this.sender = sender;
      this.pacer = pacer;
      this.measurements = measurements;
      this.fromSend = fromSend;
      this.sendingDone = sendingDone;
    }

    void begin() {
      context.runOnContext(v -> tick());
    }

    /** Sends what is due, then arms the timer for the next request (unless a slot must free). */
    private void tick() {
      if (done) {
        return;
      }
      long now = System.nanoTime();
      if (timerAt - now <= 0) {
        timerAt = Long.MAX_VALUE; // the armed timer has fired, or is about to and finds nothing
      }
      OpenLoopPacer.Batch batch;
      long next;
      boolean finished;
      synchronized (pacer) {
        batch = pacer.poll(now);
        next = pacer.nextPollAt();
        finished = pacer.finished(now);
      }
      for (long i = batch.first(); i < batch.first() + batch.count(); i++) {
        send(i);
      }
      if (finished) {
        done = true;
        sendingDone.countDown();
        return;
      }
      waitingForSlot = next == Long.MAX_VALUE;
      if (!waitingForSlot && next - timerAt < 0) {
        // The event loop's own timer (with native epoll a timerfd, so no busy wait below 1 ms).
        timerAt = next;
        context.nettyEventLoop().schedule(tick, Math.max(0, next - now), TimeUnit.NANOSECONDS);
      }
    }

    private void send(long i) {
      long intended = pacer.intendedAt(i);
      boolean measured = pacer.measured(i);
      long sentAt = System.nanoTime();
      sender
          .send()
          .onComplete(
              outcome -> {
                long finishedAt = System.nanoTime();
                if (outcome.succeeded()) {
                  measurements.response(intended, finishedAt, outcome.result());
                  if (measured) {
                    fromSend.recordValue(
                        Math.min(
                            Measurements.HIGHEST_MICROS,
                            TimeUnit.NANOSECONDS.toMicros(Math.max(0, finishedAt - sentAt))));
                  }
                } else {
                  measurements.failure(intended, finishedAt, RequestSender.kind(outcome.cause()));
                }
                synchronized (pacer) {
                  pacer.completed();
                }
                // A free slot: send what waited for one. Through the event loop, so that an
                // instant failure cannot grow the stack.
                if (waitingForSlot) {
                  waitingForSlot = false;
                  context.runOnContext(v -> tick());
                }
              });
    }
  }
}
