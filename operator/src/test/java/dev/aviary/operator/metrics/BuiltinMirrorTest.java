package dev.aviary.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.aviary.analysis.BuiltinSource;
import dev.aviary.analysis.LocalHttp;
import dev.aviary.analysis.MeasurementException;
import dev.aviary.analysis.MetricSource;
import dev.aviary.analysis.TestClock;
import dev.aviary.gateway.GatewayStats;
import dev.aviary.spec.MetricProvider;
import dev.aviary.spec.condition.Value;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * mirrorMismatchRate from the in-cluster Aviary gateway: its pods (real HTTP servers on 127.0.0.1)
 * answer {@code /stats} with documents written by the gateway's own {@link GatewayStats#toJson}.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class BuiltinMirrorTest {
  static final String STABLE = "rev-stable";
  static final String CANARY = "rev-canary";
  static final MetricSource.Target TARGET =
      new MetricSource.Target("models", "fraud", CANARY, STABLE);
  static final MetricProvider MISMATCH =
      new MetricProvider.Builtin("mirrorMismatchRate", Duration.ofSeconds(30));

  KubernetesClient client;
  LocalHttp gatewayA;
  LocalHttp gatewayB;
  final List<String> asked = new CopyOnWriteArrayList<>();
  BuiltinSource source;

  @BeforeEach
  void start() throws IOException {
    gatewayA = new LocalHttp();
    gatewayB = new LocalHttp();
    source =
        new BuiltinSource(
            new PodFleet(client, Duration.ofSeconds(2)), new TestClock(), Duration.ofSeconds(2));
  }

  @AfterEach
  void stop() {
    gatewayA.close();
    gatewayB.close();
  }

  private void gatewayPod(String name, LocalHttp server) {
    client
        .pods()
        .inNamespace("models")
        .resource(
            FakePods.running(
                name,
                Map.of("aviary.dev/deployment", "fraud", "aviary.dev/role", "gateway"),
                "gateway",
                Map.of("http", 1, "metrics", server.port())))
        .create();
  }

  private static GatewayStats.MirrorFigures pair(
      String route, String from, String to, long rows, double agreement) {
    return new GatewayStats.MirrorFigures(
        route, from, to, rows, 0, 0, 0, rows, rows, agreement, 0.01, 0.2);
  }

  private void serve(LocalHttp server, GatewayStats.MirrorFigures... mirrors) {
    String json = new GatewayStats(Duration.ofSeconds(30), List.of(), List.of(mirrors)).toJson();
    server.reply =
        path -> {
          asked.add(path);
          return new LocalHttp.Reply(200, json);
        };
  }

  @Test
  void the_mismatch_adds_up_the_compared_rows_of_every_gateway_pod() throws Exception {
    gatewayPod("fraud-gateway-a", gatewayA);
    gatewayPod("fraud-gateway-b", gatewayB);
    serve(
        gatewayA, pair("fraud", STABLE, CANARY, 100, 0.9), pair("other", STABLE, CANARY, 100, 0.0));
    serve(gatewayB, pair("fraud", STABLE, CANARY, 300, 0.7));
    MetricSource.Sample s = source.measure(MISMATCH, TARGET);
    // (10 + 90) disagreeing rows of 400
    assertThat(((Value.Scalar) s.value()).value()).isCloseTo(0.25, within(1e-9));
    assertThat(s.sampleSize()).isEqualTo(400L);
    assertThat(asked).hasSize(2).allSatisfy(p -> assertThat(p).isEqualTo("/stats?window=30s"));
  }

  @Test
  void nothing_compared_yet_is_no_data() throws Exception {
    gatewayPod("fraud-gateway-a", gatewayA);
    serve(gatewayA, pair("fraud", STABLE, CANARY, 0, Double.NaN));
    MetricSource.Sample s = source.measure(MISMATCH, TARGET);
    assertThat(s.value()).isEqualTo(Value.of(Double.NaN));
    assertThat(s.sampleSize()).isZero();
  }

  @Test
  void a_pair_the_gateway_does_not_mirror_is_an_error() {
    gatewayPod("fraud-gateway-a", gatewayA);
    serve(gatewayA, pair("fraud", CANARY, STABLE, 50, 1.0));
    assertThatThrownBy(() -> source.measure(MISMATCH, TARGET))
        .isInstanceOf(MeasurementException.class)
        .hasMessageContaining("no shadow traffic from rev-stable to rev-canary");
  }

  @Test
  void without_the_aviary_gateway_the_error_says_where_the_figure_comes_from() {
    assertThatThrownBy(() -> source.measure(MISMATCH, TARGET))
        .isInstanceOf(MeasurementException.class)
        .hasMessageContaining("traffic provider aviary")
        .hasMessageContaining("no running gateway pod");
  }

  @Test
  void an_answer_that_is_not_a_stats_document_is_an_error() {
    gatewayPod("fraud-gateway-a", gatewayA);
    gatewayA.reply = p -> new LocalHttp.Reply(200, "<html>hello</html>");
    assertThatThrownBy(() -> source.measure(MISMATCH, TARGET))
        .isInstanceOf(MeasurementException.class)
        .hasMessageContaining("not a gateway /stats document");
  }

  @Test
  void without_a_stable_revision_there_is_nothing_mirrored() {
    gatewayPod("fraud-gateway-a", gatewayA);
    serve(gatewayA, pair("fraud", STABLE, CANARY, 100, 0.9));
    assertThatThrownBy(
            () -> source.measure(MISMATCH, new MetricSource.Target("models", "fraud", CANARY)))
        .isInstanceOf(MeasurementException.class)
        .hasMessageContaining("needs the revision whose traffic is mirrored");
  }
}
