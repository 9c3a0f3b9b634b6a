package dev.aviary.bench;

import io.vertx.core.Context;
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

/**
 * Sends the request of a load test, over HTTP/1.1 (a pool of exactly {@code concurrency} keep-alive
 * connections, no pipelining) or as OIP gRPC {@code ModelInfer} calls (HTTP/2, about 50 streams per
 * connection), and reads each whole response.
 */
final class RequestSender {

  private static final ServiceMethod<Buffer, Buffer> MODEL_INFER =
      ServiceMethod.client(
          ServiceName.create("inference", "GRPCInferenceService"),
          "ModelInfer",
          GrpcMessageEncoder.IDENTITY,
          GrpcMessageDecoder.IDENTITY);

  private final String url;
  private final HttpClientAgent client;
  private final RequestOptions request;
  private final Buffer body;
  private final GrpcClient grpc;
  private final SocketAddress grpcAddress;

  RequestSender(LoadOptions options, Vertx vertx) {
    this(options, vertx, options.concurrency());
  }

  /** A sender with its own pool of at most {@code connections} connections (or gRPC streams). */
  RequestSender(LoadOptions options, Vertx vertx, int connections) {
    this.url = options.url().toString();
    long timeoutMillis = options.requestTimeout().toMillis();
    this.client =
        vertx.createHttpClient(
            new HttpClientOptions().setKeepAlive(true).setConnectTimeout((int) timeoutMillis),
            new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
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
                      .setHttp2MaxSize((connections + streams - 1) / streams)
                      .setMaxWaitQueueSize(-1)));
      this.grpcAddress =
          SocketAddress.inetSocketAddress(options.url().getPort(), options.url().getHost());
    }
  }

  /** Sends one request and reads the whole response; completes with the status code. */
  Future<Integer> send() {
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

  /**
   * Sends one uncounted request per connection and waits for all of them: opens the connections and
   * loads the client's code, which in a fresh JVM can take longer than a short warm-up. Failures
   * are fine, they show up in the run.
   *
   * @return the number of priming requests, all completed
   */
  long prime(int connections, Duration bound) throws InterruptedException {
    return prime(connections, bound, null);
  }

  /**
   * As {@link #prime(int, Duration)}, sending from {@code context} (when not null), so that the
   * connections belong to its event loop.
   */
  long prime(int connections, Duration bound, Context context) throws InterruptedException {
    CountDownLatch done = new CountDownLatch(connections);
    Runnable sendAll =
        () -> {
          for (int i = 0; i < connections; i++) {
            send().onComplete(outcome -> done.countDown());
          }
        };
    if (context == null) {
      sendAll.run();
    } else {
      context.runOnContext(v -> sendAll.run());
    }
    if (!done.await(bound.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException(
          "priming requests did not complete within " + bound + "; is " + url + " up?");
    }
    return connections;
  }

  void close() {
    closeQuietly(client.close());
    if (grpc != null) {
      closeQuietly(grpc.close());
    }
  }

  /** The event loops of a load run: one per CPU. */
  static int eventLoops() {
    return Math.max(1, Runtime.getRuntime().availableProcessors());
  }

  /** The Vert.x instance of one load run: {@link #eventLoops} event loops. */
  static Vertx newVertx() {
    return Vertx.vertx(
        new VertxOptions().setEventLoopPoolSize(eventLoops()).setPreferNativeTransport(true));
  }

  /** Shutting down is best effort: the report is complete by then. */
  static void closeQuietly(Future<Void> closing) {
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
