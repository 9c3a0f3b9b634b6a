package dev.aviary.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The load generator against a real HTTP server on 127.0.0.1. */
class ClosedLoopRunIT {

  private static final byte[] BODY =
      "{\"inputs\":[{\"name\":\"input\",\"shape\":[1,1],\"datatype\":\"FP32\",\"data\":[1]}]}"
          .getBytes(StandardCharsets.UTF_8);

  private Vertx vertx;
  private HttpServer server;
  private final AtomicLong received = new AtomicLong();
  private final List<String> seenBodies = new CopyOnWriteArrayList<>();
  private final List<String> seenContentTypes = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stopServer() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void countsEveryResponseAndSortsErrorsByStatus() throws Exception {
    int port =
        serve(
            (req, n) ->
                req.body()
                    .onSuccess(
                        b -> {
                          seenBodies.add(b.toString());
                          seenContentTypes.add(req.getHeader("Content-Type"));
                          req.response().setStatusCode(n % 4 == 0 ? 503 : 200).end("{}");
                        }));

    LoadReport report =
        ClosedLoopRun.run(options(port, 4, Duration.ofMillis(300), Duration.ofSeconds(1)));

    assertThat(report.requests()).isPositive();
    assertThat(report.ok() + report.errorCount()).isEqualTo(report.requests());
    assertThat(report.errors()).containsOnlyKeys("HTTP 503");
    // The server fails every 4th request it sees; window edges shift that by at most a few.
    assertThat((double) report.errors().get("HTTP 503"))
        .isCloseTo(report.requests() / 4.0, org.assertj.core.data.Offset.offset(5.0));
    // Every request the server answered came back to the generator, priming and warm-up included.
    assertThat(report.completedAllPhases()).isEqualTo(received.get());
    assertThat(report.completedAllPhases()).isGreaterThan(report.requests());
    assertThat(report.latency().count()).isEqualTo(report.requests());
    assertThat(seenBodies).allMatch(b -> b.equals(new String(BODY, StandardCharsets.UTF_8)));
    assertThat(seenContentTypes).allMatch("application/json"::equals);
  }

  @Test
  void keepsAtMostOneRequestInFlightPerConnectionAndStopsOnTime() throws Exception {
    AtomicLong inFlight = new AtomicLong();
    AtomicLong maxInFlight = new AtomicLong();
    int port =
        serve(
            (req, n) -> {
              maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
              vertx.setTimer(
                  200,
                  t -> {
                    inFlight.decrementAndGet();
                    req.response().end("{}");
                  });
            });

    long started = System.nanoTime();
    LoadReport report =
        ClosedLoopRun.run(options(port, 3, Duration.ofMillis(500), Duration.ofSeconds(1)));
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(maxInFlight.get()).isLessThanOrEqualTo(3);
    // Three loops of back-to-back 200 ms requests fit at most 5 rounds into one second.
    assertThat(report.requests()).isBetween(3L, 15L);
    assertThat(report.latency().p50()).isGreaterThanOrEqualTo(200.0);
    // 1.5 s of load, plus the last in-flight round and start-up: far below the 10 s request
    // timeout that an unstoppable loop would run into.
    assertThat(took).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void countsRequestsThatTimeOutWithoutHanging() throws Exception {
    int port = serve((req, n) -> {}); // never answers
    LoadOptions o =
        new LoadOptions(
            url(port),
            BODY,
            Map.of("Content-Type", "application/json"),
            2,
            Duration.ofMillis(500),
            Duration.ofSeconds(1),
            Duration.ofMillis(300));

    LoadReport report = ClosedLoopRun.run(o);

    assertThat(report.ok()).isZero();
    assertThat(report.errors()).containsOnlyKeys("timeout");
    assertThat(report.errors().get("timeout")).isEqualTo(report.requests()).isPositive();
    assertThat(report.latency().count()).isZero();
  }

  @Test
  void reportsConnectErrorsWhenNothingListens() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    LoadReport report =
        ClosedLoopRun.run(options(port, 2, Duration.ofMillis(200), Duration.ofMillis(500)));

    assertThat(report.ok()).as(report.toString()).isZero();
    assertThat(report.errors()).as(report.toString()).containsOnlyKeys("connect error");
    assertThat(report.errorCount()).isEqualTo(report.requests()).isPositive();
  }

  @Test
  void grpcCallsAreSpreadOverConnectionsOfAtMostTheGivenNumberOfStreams() throws Exception {
    Set<Object> connections = ConcurrentHashMap.newKeySet();
    // A minimal gRPC answer: an empty message and status OK, over h2c with prior knowledge.
    int port =
        serve(
            (req, n) ->
                req.body()
                    .onSuccess(
                        b -> {
                          connections.add(req.connection());
                          HttpServerResponse resp = req.response();
                          resp.putHeader("content-type", "application/grpc");
                          resp.putTrailer("grpc-status", "0");
                          resp.end(Buffer.buffer(new byte[5]));
                        }));

    LoadReport oneStream = ClosedLoopRun.run(grpcOptions(port, 4, 1));
    assertThat(oneStream.ok()).as(oneStream.toString()).isPositive();
    assertThat(oneStream.errorCount()).isZero();
    assertThat(connections).hasSize(4);

    connections.clear();
    LoadReport shared = ClosedLoopRun.run(grpcOptions(port, 4, 50));
    assertThat(shared.ok()).as(shared.toString()).isPositive();
    assertThat(connections).hasSize(1);
  }

  private static LoadOptions grpcOptions(int port, int concurrency, int streamsPerConnection) {
    return new LoadOptions(
        url(port),
        BODY,
        Map.of("Content-Type", "application/json"),
        concurrency,
        Duration.ofMillis(200),
        Duration.ofMillis(500),
        Duration.ofSeconds(10),
        "m",
        streamsPerConnection,
        0);
  }

  private int serve(BiConsumer<HttpServerRequest, Long> handler) throws Exception {
    server =
        vertx
            .createHttpServer()
            .requestHandler(req -> handler.accept(req, received.incrementAndGet()))
            .listen(0, "127.0.0.1")
            .await(10, TimeUnit.SECONDS);
    return server.actualPort();
  }

  private static LoadOptions options(int port, int concurrency, Duration warmup, Duration d) {
    return new LoadOptions(
        url(port),
        BODY,
        Map.of("Content-Type", "application/json"),
        concurrency,
        warmup,
        d,
        Duration.ofSeconds(10));
  }

  private static URI url(int port) {
    return URI.create("http://127.0.0.1:" + port + "/v2/models/fraud/infer");
  }
}
