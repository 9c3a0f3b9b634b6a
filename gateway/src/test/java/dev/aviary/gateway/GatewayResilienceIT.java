package dev.aviary.gateway;

import static dev.aviary.gateway.GatewayFixture.endpoints;
import static dev.aviary.gateway.GatewayFixture.get;
import static dev.aviary.gateway.GatewayFixture.post;
import static dev.aviary.gateway.GatewayFixture.revision;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Retries, outlier ejection and reconfiguration, under concurrent load. */
class GatewayResilienceIT {
  Vertx vertx;
  TestBackend a;
  TestBackend b;
  TestBackend c;
  Gateway gateway;

  @BeforeEach
  void backends() {
    vertx = Vertx.vertx();
    a = TestBackend.start(vertx, "a");
    b = TestBackend.start(vertx, "b");
    c = TestBackend.start(vertx, "c");
  }

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.close();
    }
    vertx.close();
  }

  private String oneRevision(String endpoints, String settings) {
    return """
           routes:
             - {name: fraud, revisions: [{name: v1, endpoints: %s}]}
           settings: %s
           """
        .formatted(endpoints, settings);
  }

  @Test
  void killingOneReplicaUnderLoadCausesNoClientErrors() throws Exception {
    gateway = GatewayFixture.start(oneRevision(endpoints(a, b), "{}"));
    a.delayMs = 5; // keeps requests in flight on the replica that is killed
    b.delayMs = 5;
    String body =
        "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[1]}]}";

    try (Load load = Load.start(8, 150, () -> post(gateway, "/v2/models/m/infer", body))) {
      await().until(() -> load.sent.get() >= 200 && a.requests.get() > 50);
      a.kill();
      Map<String, Integer> outcomes = load.await();

      assertThat(outcomes).containsOnlyKeys("200");
      assertThat(outcomes.get("200")).isEqualTo(8 * 150);
    }
    String metrics = gateway.prometheusText();
    assertThat(metrics)
        .containsPattern("aviary_gateway_ejections_total\\{revision=\"v1\",route=\"fraud\"} [1-9]")
        .containsPattern("aviary_gateway_retries_total\\{revision=\"v1\",route=\"fraud\"} [1-9]");
    assertThat(b.bodies).allMatch(body::equals); // retried requests carry their body
  }

  @Test
  void retriesA503OnAnotherEndpointOfTheSameRevision() {
    gateway =
        GatewayFixture.start(oneRevision(endpoints(a, b), "{outlier: {consecutiveFailures: 0}}"));
    a.status = 503;

    for (int i = 0; i < 20; i++) {
      HttpResponse<String> r = get(gateway, "/infer");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("x-backend").orElseThrow()).startsWith("b@");
    }
    assertThat(a.requests.get()).isPositive();
    assertThat(gateway.prometheusText())
        .containsPattern("aviary_gateway_retries_total\\{revision=\"v1\",route=\"fraud\"} [1-9]");
  }

  @Test
  void aConnectTimeoutIsRetriedOnAnotherEndpoint() throws Exception {
    // A listening socket that never accepts, its backlog filled: new connections hang in SYN.
    try (java.net.ServerSocket stuck =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      java.util.List<java.net.Socket> fillers = new java.util.ArrayList<>();
      try {
        for (int i = 0; i < 4; i++) {
          java.net.Socket s = new java.net.Socket();
          try {
            s.connect(stuck.getLocalSocketAddress(), 200);
            fillers.add(s);
          } catch (java.io.IOException full) {
            s.close();
            break;
          }
        }
        gateway =
            GatewayFixture.start(
                oneRevision(
                    "[\"127.0.0.1:%d\", \"%s\"]".formatted(stuck.getLocalPort(), b.address()),
                    "{connectTimeoutMs: 200, loadBalancing: roundRobin,"
                        + " outlier: {consecutiveFailures: 0}}"));

        for (int i = 0; i < 6; i++) {
          HttpResponse<String> r = get(gateway, "/infer");
          assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
          assertThat(r.headers().firstValue("x-backend").orElseThrow()).startsWith("b@");
        }
        assertThat(gateway.prometheusText())
            .containsPattern(
                "aviary_gateway_retries_total\\{revision=\"v1\",route=\"fraud\"} [1-9]");
      } finally {
        for (java.net.Socket s : fillers) {
          s.close();
        }
      }
    }
  }

  @Test
  void retriesAreBoundedPerRequest() {
    gateway =
        GatewayFixture.start(
            oneRevision(
                endpoints(a, b, c),
                "{retry: {maxRetries: 1}, outlier: {consecutiveFailures: 0}, loadBalancing:"
                    + " roundRobin}"));
    a.status = 503;
    b.status = 503;
    c.status = 503;

    HttpResponse<String> r = get(gateway, "/infer");

    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(revision(r)).isEqualTo("v1");
    assertThat(a.requests.get() + b.requests.get() + c.requests.get()).isEqualTo(2);
  }

  @Test
  void ejectsAFailingEndpointSoItGetsNoMoreTraffic() {
    gateway =
        GatewayFixture.start(
            oneRevision(
                endpoints(a, b),
                "{outlier: {consecutiveFailures: 3, baseEjectionMs: 60000}, loadBalancing:"
                    + " roundRobin}"));
    a.status = 503;

    for (int i = 0; i < 60; i++) {
      assertThat(get(gateway, "/infer").statusCode()).isEqualTo(200);
    }

    assertThat(a.requests.get()).isEqualTo(3);
    assertThat(b.requests.get()).isEqualTo(60);
  }

  @Test
  void answers503WhenNoEndpointCanBeReached() {
    gateway = GatewayFixture.start(oneRevision(endpoints(a, b), "{}"));
    a.kill();
    b.kill();

    HttpResponse<String> r = get(gateway, "/infer");

    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.body()).startsWith("{\"error\":\"could not connect to 127.0.0.1:");
  }

  @Test
  void endpointsMarkedNotReadyGetNoTraffic() {
    gateway =
        GatewayFixture.start(
            oneRevision(
                "[{address: \"%s\", ready: false}, \"%s\"]".formatted(a.address(), b.address()),
                "{}"));
    for (int i = 0; i < 30; i++) {
      assertThat(get(gateway, "/infer").statusCode()).isEqualTo(200);
    }
    assertThat(a.requests.get()).isZero();

    gateway.apply(ConfigCodec.parse(oneRevision(endpoints(a, b), "{}")));
    for (int i = 0; i < 30; i++) {
      get(gateway, "/infer");
    }
    assertThat(a.requests.get()).isPositive();
  }

  @Test
  void reconfigurationUnderLoadCausesNoErrors() throws Exception {
    gateway = GatewayFixture.start(twoRevisions(90, endpoints(a), 10, endpoints(b)));
    a.delayMs = 2;
    b.delayMs = 2;
    c.delayMs = 2;
    try (Load load = Load.start(6, 200, () -> get(gateway, "/infer"))) {
      String[] configs = {
        twoRevisions(50, endpoints(a, c), 50, endpoints(b)),
        twoRevisions(10, endpoints(c), 90, endpoints(b, a)),
        twoRevisions(100, endpoints(a, b, c), 0, endpoints(b)),
        twoRevisions(0, endpoints(a), 100, endpoints(c)),
      };
      for (int i = 0; load.sent.get() < 6 * 200 && i < 400; i++) {
        gateway.apply(ConfigCodec.parse(configs[i % configs.length]));
        Thread.sleep(10);
      }
      assertThat(load.await()).containsOnlyKeys("200");
    }
  }

  @Test
  void requestsInFlightFinishOnTheTableTheyStartedWith() throws Exception {
    gateway = GatewayFixture.start(twoRevisions(100, endpoints(a), 0, endpoints(b)));
    a.delayMs = 500;
    try (Load load = Load.start(4, 1, () -> get(gateway, "/infer"))) {
      await().atMost(Duration.ofSeconds(10)).until(() -> a.inProgress.get() == 4);
      // v1 disappears from the configuration while its requests are in flight
      gateway.apply(
          ConfigCodec.parse(
              "routes: [{name: fraud, revisions: [{name: v2, endpoints: %s}]}]"
                  .formatted(endpoints(b))));
      assertThat(revision(get(gateway, "/infer"))).isEqualTo("v2");
      assertThat(load.await()).containsExactly(Map.entry("200", 4));
    }
  }

  @Test
  void stoppingLetsRequestsInFlightFinish() throws Exception {
    gateway = GatewayFixture.start(oneRevision(endpoints(a), "{}"));
    a.delayMs = 700;
    try (Load load = Load.start(3, 1, () -> get(gateway, "/infer"))) {
      await().atMost(Duration.ofSeconds(10)).until(() -> a.inProgress.get() == 3);

      io.vertx.core.Future<Void> stopping = gateway.stop();

      assertThat(load.await()).containsExactly(Map.entry("200", 3));
      stopping
          .toCompletionStage()
          .toCompletableFuture()
          .get(10, java.util.concurrent.TimeUnit.SECONDS);
    }
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> get(gateway, "/infer"))
        .hasMessageContaining("ConnectException");
  }

  private static String twoRevisions(int w1, String e1, int w2, String e2) {
    return """
           routes:
             - name: fraud
               revisions:
                 - {name: v1, weight: %d, endpoints: %s}
                 - {name: v2, weight: %d, endpoints: %s}
           """
        .formatted(w1, e1, w2, e2);
  }
}
