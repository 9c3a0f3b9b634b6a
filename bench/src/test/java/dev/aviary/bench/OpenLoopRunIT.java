package dev.aviary.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The open-loop mode against a real HTTP server on 127.0.0.1. */
class OpenLoopRunIT {

  private static final byte[] BODY = "{\"x\":1}".getBytes(StandardCharsets.UTF_8);

  private Vertx vertx;
  private final AtomicLong received = new AtomicLong();

  @BeforeEach
  void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stopServer() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void sendsTheScheduledRequestsAtTheRateAgainstAFastServer() throws Exception {
    int port = serve((req, n) -> req.body().onSuccess(b -> req.response().end("{}")));

    LoadReport report =
        OpenLoopRun.run(options(port, 200, 64, Duration.ofMillis(300), Duration.ofSeconds(2)));

    LoadReport.OpenLoop open = report.openLoop();
    assertThat(open.scheduled()).isEqualTo(400);
    // A quick server keeps up with 200/s, so every due request goes out and is answered.
    assertThat(open.sent()).isEqualTo(400);
    assertThat(open.unsent()).isZero();
    assertThat(report.requests()).isEqualTo(400);
    assertThat(report.ok()).isEqualTo(400);
    assertThat(report.latency().count()).isEqualTo(400);
    // Priming (64) plus warm-up (60) plus the window: the server saw each request once.
    assertThat(report.completedAllPhases()).isEqualTo(received.get()).isEqualTo(64 + 60 + 400);
  }

  @Test
  void aSlowServerShowsAsLatencyFromTheIntendedTimeNotAsALowerRate() throws Exception {
    AtomicLong inFlight = new AtomicLong();
    AtomicLong maxInFlight = new AtomicLong();
    int port =
        serve(
            (req, n) -> {
              maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
              vertx.setTimer(
                  100,
                  t -> {
                    inFlight.decrementAndGet();
                    req.response().end("{}");
                  });
            });

    // 2 connections of 100 ms answers carry 20 requests/s at most; 50/s are asked for.
    LoadReport report = OpenLoopRun.run(options(port, 50, 2, Duration.ZERO, Duration.ofSeconds(2)));

    LoadReport.OpenLoop open = report.openLoop();
    assertThat(maxInFlight.get()).isLessThanOrEqualTo(2);
    assertThat(open.scheduled()).isEqualTo(100);
    // At most 2 requests per 100 ms for 2 s, plus the 2 sent as the window closes.
    assertThat(open.sent()).isBetween(1L, 42L);
    assertThat(open.unsent()).isEqualTo(open.scheduled() - open.sent()).isPositive();
    assertThat(open.late()).isPositive();
    assertThat(open.maxLagMs()).isGreaterThan(500);
    assertThat(report.requestsPerSecond()).isLessThanOrEqualTo(21);
    // A closed loop would report about 100 ms; waiting for a connection counts too.
    assertThat(report.latency().p50()).isGreaterThan(300);
    assertThat(report.latency().max()).isGreaterThan(1000);
    // From the actual send, the same responses took about the server's 100 ms.
    assertThat(open.fromSend().count()).isEqualTo(report.latency().count());
    assertThat(open.fromSend().p50()).isBetween(100.0, 300.0);
  }

  @Test
  void countsRequestsThatAreStillInFlightAtTheEndOfTheWindow() throws Exception {
    int port =
        serve((req, n) -> vertx.setTimer(400, t -> req.response().setStatusCode(503).end("{}")));

    LoadReport report =
        OpenLoopRun.run(options(port, 20, 64, Duration.ZERO, Duration.ofMillis(500)));

    // All 10 were sent in the half second, none answered before its end: all are measured.
    assertThat(report.openLoop().sent()).isEqualTo(10);
    assertThat(report.requests()).isEqualTo(10);
    assertThat(report.errors()).containsExactly(Map.entry("HTTP 503", 10L));
    assertThat(report.latency().p50()).isGreaterThanOrEqualTo(400);
  }

  private int serve(BiConsumer<HttpServerRequest, Long> handler) throws Exception {
    HttpServer server =
        vertx
            .createHttpServer()
            .requestHandler(req -> handler.accept(req, received.incrementAndGet()))
            .listen(0, "127.0.0.1")
            .await(10, TimeUnit.SECONDS);
    return server.actualPort();
  }

  private static LoadOptions options(
      int port, double rate, int connections, Duration warmup, Duration duration) {
    return new LoadOptions(
        URI.create("http://127.0.0.1:" + port + "/v2/models/fraud/infer"),
        BODY,
        Map.of("Content-Type", "application/json"),
        connections,
        warmup,
        duration,
        Duration.ofSeconds(10),
        null,
        LoadOptions.DEFAULT_GRPC_STREAMS_PER_CONNECTION,
        rate);
  }
}
