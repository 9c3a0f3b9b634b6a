package dev.aviary.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.common.GrpcMessageDecoder;
import io.vertx.grpc.common.GrpcMessageEncoder;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.common.ServiceName;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;

/**
 * Drives one closed-loop load test with the Vert.x HTTP client: {@code concurrency} loops, each
 * with at most one request in flight, over a pool of exactly that many keep-alive connections.
 *
 * <p>Before the clock starts, every connection sends one priming request that is not counted: it
 * opens the connection and loads the client's code, which in a fresh JVM can take longer than a
 * short warm-up. Then come the warm-up and the measured window.
 */
final class ClosedLoopRun {

  private final LoadOptions options;
  private final Vertx vertx;
  private final HttpClientAgent client;
  private final RequestOptions request;
  private final Buffer body;
  private final LongAdder primed = new LongAdder();
  private final GrpcClient grpc;
  private final SocketAddress grpcAddress;
  private static final ServiceMethod<Buffer, Buffer> MODEL_INFER =
      ServiceMethod.client(
          ServiceName.create("inference", "GRPCInferenceService"),
          "ModelInfer",
          GrpcMessageEncoder.IDENTITY,
          GrpcMessageDecoder.IDENTITY);

  private ClosedLoopRun(LoadOptions options, Vertx vertx) {
    this.options = options;
    this.vertx = vertx;
    long timeoutMillis = options.requestTimeout().toMillis();
    this.client =
        vertx.createHttpClient(
            new HttpClientOptions().setKeepAlive(true).setConnectTimeout((int) timeoutMillis),
            new PoolOptions().setHttp1MaxSize(options.concurrency()).setMaxWaitQueueSize(-1));
    this.request =
        new RequestOptions()
            .setMethod(options.body() == null ? HttpMethod.GET : HttpMethod.POST)
            .setAbsoluteURI(options.url().toString())
            .setIdleTimeout(timeoutMillis);
    options.headers().forEach(request::putHeader);
    if (options.grpcModel() == null) {
      this.body = options.body() == null ? null : Buffer.buffer(options.body());
      this.grpc = null;
      this.grpcAddress = null;
    } else {
      try {
        this.body = Buffer.buffer(GrpcInferBody.fromJson(options.body(), options.grpcModel()));
      } catch (java.io.IOException e) {
        throw new IllegalArgumentException("--body is not an OIP infer request: " + e, e);
      }
      // HTTP/2 with prior knowledge; at most N streams per connection.
      int streams = options.grpcStreamsPerConnection();
      this.grpc =
          GrpcClient.client(
              vertx,
              vertx.createHttpClient(
                  new HttpClientOptions()
                      .setProtocolVersion(HttpVersion.HTTP_2)
                      .setHttp2ClearTextUpgrade(false)
                      .setHttp2MultiplexingLimit(streams)
                      .setConnectTimeout((int) timeoutMillis),
                  new PoolOptions()
                      .setHttp2MaxSize((options.concurrency() + streams - 1) / streams)
                      .setMaxWaitQueueSize(-1)));
      this.grpcAddress =
          SocketAddress.inetSocketAddress(options.url().getPort(), options.url().getHost());
    }
  }

  /** Runs the test to the end and returns its report. */
  static LoadReport run(LoadOptions options) throws InterruptedException {
    Vertx vertx =
        Vertx.vertx(
            new VertxOptions()
                .setEventLoopPoolSize(Math.max(1, Runtime.getRuntime().availableProcessors())));
    try {
      return new ClosedLoopRun(options, vertx).execute();
    } finally {
      closeQuietly(vertx.close());
    }
  }

  private LoadReport execute() throws InterruptedException {
    // A request in flight ends within the request timeout at the latest.
    Duration grace = options.requestTimeout().plusSeconds(5);
    prime(grace);

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
    closeQuietly(client.close());
    if (grpc != null) {
      closeQuietly(grpc.close());
    }
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
        primed.sum() + measurements.completedAllPhases(),
        LoadReport.Latency.of(measurements.latencies()));
  }

  /** One uncounted request per connection; failures are fine, they show up in the run. */
  private void prime(Duration bound) throws InterruptedException {
    CountDownLatch done = new CountDownLatch(options.concurrency());
    for (int i = 0; i < options.concurrency(); i++) {
      send()
          .onComplete(
              outcome -> {
                primed.increment();
                done.countDown();
              });
    }
    if (!done.await(bound.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException(
          "priming requests did not complete within " + bound + "; is " + options.url() + " up?");
    }
  }

  private void next(Measurements measurements, long stopAt, CountDownLatch loopsDone) {
    long start = System.nanoTime();
    if (start - stopAt >= 0) {
      loopsDone.countDown();
      return;
    }
    send()
        .onComplete(
            outcome -> {
              long end = System.nanoTime();
              if (outcome.succeeded()) {
                measurements.response(start, end, outcome.result());
              } else {
                measurements.failure(start, end, kind(outcome.cause()));
              }
              // Through the event loop, so an instant failure cannot grow the stack.
              vertx.runOnContext(v -> next(measurements, stopAt, loopsDone));
            });
  }

  /** Sends one request and reads the whole response; completes with the status code. */
  private Future<Integer> send() {
    if (grpc != null) {
      return grpc.request(grpcAddress, MODEL_INFER)
          .compose(req -> req.send(body.copy()))
          .compose(
              resp -> {
                resp.handler(ignored -> {});
                return resp.end()
                    .transform(
                        ended ->
                            resp.status() == GrpcStatus.OK
                                ? Future.succeededFuture(200)
                                : Future.failedFuture(new GrpcCallFailed(resp.status())));
              });
    }
    return client
        .request(request)
        .compose(req -> body == null ? req.send() : req.send(body.copy()))
        .compose(resp -> resp.body().map(ignored -> resp.statusCode()));
  }

  /** Shutting down is best effort: the report is complete by then. */
  private static void closeQuietly(Future<Void> closing) {
    try {
      closing.await(10, TimeUnit.SECONDS);
    } catch (TimeoutException | RuntimeException e) {
      System.err.println("load generator: shutdown did not complete cleanly: " + e);
    }
  }

  /** A gRPC call that ended with a status other than OK. */
  static final class GrpcCallFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient GrpcStatus status;

    GrpcCallFailed(GrpcStatus status) {
      super("gRPC " + status, null, false, false);
      this.status = status;
    }
  }

  /** A short, bounded name for a failure, used as the error key in the report. */
  static String kind(Throwable t) {
    if (t instanceof GrpcCallFailed g) {
      return "gRPC " + g.status;
    }
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof TimeoutException
          || c.getClass().getSimpleName().contains("Timeout")
          || (c.getMessage() != null && c.getMessage().toLowerCase().contains("timeout"))) {
        return "timeout";
      }
      if (c instanceof ConnectException) {
        return "connect error";
      }
    }
    return t.getClass().getSimpleName();
  }
}
