package dev.aviary.gateway;

import static dev.aviary.gateway.GatewayFixture.endpoints;
import static dev.aviary.gateway.GatewayFixture.post;
import static dev.aviary.gateway.GatewayFixture.revision;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.aviary.gateway.GatewayStats.MirrorFigures;
import io.vertx.core.Vertx;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Shadow traffic: isolation of the primary path and comparison of predictions. */
class GatewayMirrorIT {
  static final String BODY =
      "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1,1],\"data\":[3]}]}";
  Vertx vertx;
  TestBackend primary;
  TestBackend shadow;
  Gateway gateway;

  @BeforeEach
  void backends() {
    vertx = Vertx.vertx();
    primary = TestBackend.start(vertx, "v1");
    shadow = TestBackend.start(vertx, "v2");
  }

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.close();
    }
    vertx.close();
  }

  private Gateway start(int percent, String settings) {
    return GatewayFixture.start(
        """
        routes:
          - name: fraud
            revisions:
              - {name: v1, weight: 100, endpoints: %s}
              - {name: v2, weight: 0, endpoints: %s}
            mirror: {revision: v2, percent: %d}
        settings: %s
        """
            .formatted(endpoints(primary), endpoints(shadow), percent, settings));
  }

  private MirrorFigures figures() {
    return gateway.stats(Duration.ofSeconds(60)).mirror("fraud", "v1", "v2").orElseThrow();
  }

  private void sendAndExpectPrimaryAnswers(int n) {
    for (int i = 0; i < n; i++) {
      HttpResponse<String> r = post(gateway, "/v2/models/m/infer", BODY);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(revision(r)).isEqualTo("v1");
      assertThat(r.body()).contains("\"model_version\":\"v1\"");
    }
  }

  @Test
  void comparesPrimaryAndMirrorPredictions() {
    gateway = start(100, "{}");
    primary.probability = 0.9; // class 0
    shadow.probability = 0.3; // class 1, scores differ by 0.6

    sendAndExpectPrimaryAnswers(30);

    await().until(() -> figures().compared() == 30);
    MirrorFigures f = figures();
    assertThat(f.sent()).isEqualTo(30);
    assertThat(f.errors()).isZero();
    assertThat(f.labelAgreement()).isZero();
    assertThat(f.meanAbsScoreDiff()).isCloseTo(0.6, within(1e-6));
    assertThat(f.maxAbsScoreDiff()).isCloseTo(0.6, within(1e-6));
    assertThat(shadow.shadowRequests.get()).isEqualTo(30);
    assertThat(shadow.bodies).allMatch(BODY::equals);

    shadow.probability = 0.8; // agrees on class 0, scores differ by 0.1
    sendAndExpectPrimaryAnswers(30);
    await().until(() -> figures().compared() == 60);
    assertThat(figures().labelAgreement()).isCloseTo(0.5, within(1e-9));
    assertThat(figures().meanAbsScoreDiff()).isCloseTo(0.35, within(1e-6));
  }

  @Test
  void mirrorsExactlyThePercentage() {
    gateway = start(25, "{}");

    sendAndExpectPrimaryAnswers(40);

    await().until(() -> figures().compared() == 10);
    assertThat(shadow.requests.get()).isEqualTo(10);
  }

  @Test
  void aSlowMirrorNeitherDelaysNorFailsThePrimary() {
    gateway = start(100, "{mirror: {maxConcurrent: 3, timeoutMs: 20000}}");
    shadow.delayMs = 15_000;

    sendAndExpectPrimaryAnswers(25);

    // every primary answer came back while the first mirror copies are still being served
    assertThat(shadow.inProgress.get()).isEqualTo(3);
    MirrorFigures f = figures();
    assertThat(f.sent()).isEqualTo(3);
    assertThat(f.dropped()).isEqualTo(22);
  }

  @Test
  void aMirrorThatTimesOutCountsAsAMirrorError() {
    gateway = start(100, "{mirror: {timeoutMs: 200}}");
    shadow.delayMs = 5_000;

    sendAndExpectPrimaryAnswers(5);

    await().until(() -> figures().errors() == 5);
    assertThat(figures().compared()).isZero();
  }

  @Test
  void aDeadOrFailingMirrorOnlyCountsErrors() {
    gateway = start(100, "{}");
    shadow.status = 500;
    sendAndExpectPrimaryAnswers(10);
    await().until(() -> figures().errors() == 10);

    shadow.kill();
    sendAndExpectPrimaryAnswers(10);
    await().until(() -> figures().errors() == 20);
    assertThat(figures().compared()).isZero();
    assertThat(
            gateway
                .stats(Duration.ofSeconds(60))
                .revision("fraud", "v1")
                .orElseThrow()
                .successRate())
        .isEqualTo(1.0);
  }
}
