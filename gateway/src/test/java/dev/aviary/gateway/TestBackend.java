package dev.aviary.gateway;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small in-process model server: answers OIP v2 style JSON with one probability row, and can be
 * made slow, made to fail with a status, or stopped.
 */
final class TestBackend implements AutoCloseable {
  final String name;
  private final Vertx vertx;
  private HttpServer server;
  private int port;
  volatile long delayMs;
  volatile int status = 200;
  volatile double probability = 0.9;
  final AtomicInteger requests = new AtomicInteger();
  final AtomicInteger shadowRequests = new AtomicInteger();
  final AtomicInteger inProgress = new AtomicInteger();
  final ConcurrentLinkedQueue<String> bodies = new ConcurrentLinkedQueue<>();

  private TestBackend(Vertx vertx, String name) {
    this.vertx = vertx;
    this.name = name;
  }

  static TestBackend start(Vertx vertx, String name) {
    TestBackend b = new TestBackend(vertx, name);
    b.listen(0);
    return b;
  }

  private void listen(int wanted) {
    try {
      server =
          vertx
              .createHttpServer()
              .requestHandler(this::handle)
              .listen(wanted, "127.0.0.1")
              .toCompletionStage()
              .toCompletableFuture()
              .get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("backend " + name + " did not start", e);
    }
    port = server.actualPort();
  }

  private void handle(HttpServerRequest req) {
    requests.incrementAndGet();
    if ("true".equals(req.getHeader("x-aviary-shadow"))) {
      shadowRequests.incrementAndGet();
    }
    inProgress.incrementAndGet();
    req.body()
        .onSuccess(
            body -> {
              if (body.length() > 0) {
                bodies.add(body.toString());
              }
              long delay = delayMs;
              if (delay > 0) {
                vertx.setTimer(delay, id -> answer(req, body.length()));
              } else {
                answer(req, body.length());
              }
            });
  }

  private void answer(HttpServerRequest req, int bodyLength) {
    inProgress.decrementAndGet();
    double p = probability;
    int s = status;
    String json =
        s >= 400
            ? "{\"error\":\"backend " + name + " failing\"}"
            : "{\"model_name\":\"m\",\"model_version\":\""
                + name
                + "\",\"outputs\":[{\"name\":\"probabilities\",\"datatype\":\"FP32\","
                + "\"shape\":[1,2],\"data\":["
                + p
                + ","
                + (1 - p)
                + "]}]}";
    req.response()
        .setStatusCode(s)
        .putHeader("content-type", "application/json")
        .putHeader("x-backend", name + "@" + port)
        .putHeader("x-body-length", String.valueOf(bodyLength))
        .putHeader("x-path", req.uri())
        .putHeader("x-seen-forwarded-for", String.valueOf(req.getHeader("x-forwarded-for")))
        .end(json);
  }

  int port() {
    return port;
  }

  String address() {
    return "127.0.0.1:" + port;
  }

  /** Stops listening and drops open connections, like a killed replica. */
  void kill() {
    try {
      server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Listens again on the same port. */
  void restart() {
    listen(port);
  }

  @Override
  public void close() {
    server.close();
  }
}
