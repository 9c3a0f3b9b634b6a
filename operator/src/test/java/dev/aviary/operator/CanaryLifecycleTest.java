package dev.aviary.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aviary.operator.crd.ModelDeploymentResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A full canary rollout through every traffic provider, the route's weights checked each step. */
@EnableKubernetesMockClient(crud = true, https = false)
class CanaryLifecycleTest {
  KubernetesClient client;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"aviary", "gatewayApi", "istio", "replicas"})
  void canary_moves_user_traffic_step_by_step_and_promotes(String provider) throws Exception {
    TestCluster c = new TestCluster(client);
    RouteReader route = RouteReader.forProvider(provider);
    boolean router = !provider.equals("replicas");

    c.apply(Specs.canary("1", provider));
    c.settle("iris");
    String r1 = c.get("iris").getStatus().stableRevision;
    assertThat(c.get("iris").getStatus().phase).isEqualTo("Healthy");
    assertThat(route.weights(c, "iris")).isEqualTo(Map.of(r1, 100));
    assertThat(c.replicasByRevision("iris")).isEqualTo(Map.of(r1, 4));

    c.apply(Specs.canary("2", provider));
    c.settle("iris");
    ModelDeploymentResource md = c.get("iris");
    String r2 = md.getStatus().canaryRevision;
    assertThat(r2).isNotNull().isNotEqualTo(r1);
    assertThat(md.getStatus().phase).isEqualTo("Progressing");
    assertThat(route.weights(c, "iris")).isEqualTo(Map.of(r1, 100));
    if (router) {
      assertThat(route.mirror(c, "iris")).isEqualTo(r2 + ":30");
    }
    assertThat(c.lastRequeue)
        .hasValueSatisfying(d -> assertThat(d).isLessThanOrEqualTo(Duration.ofMinutes(1)));

    c.clock.advance(Duration.ofSeconds(61));
    c.settle("iris");
    md = c.get("iris");
    assertThat(md.getStatus().phase).isEqualTo("Paused");
    assertThat(md.getStatus().currentStep).isEqualTo(2);
    assertThat(route.weights(c, "iris")).isEqualTo(Map.of(r1, 75, r2, 25));
    assertThat(route.mirror(c, "iris")).isNull();

    c.command("iris", "promote");
    c.settle("iris");
    assertThat(route.weights(c, "iris")).isEqualTo(Map.of(r1, 50, r2, 50));
    assertThat(c.get("iris").getStatus().canaryWeight).isEqualTo(50);

    c.clock.advance(Duration.ofSeconds(61));
    c.settle("iris");
    md = c.get("iris");
    assertThat(md.getStatus().phase).isEqualTo("Healthy");
    assertThat(md.getStatus().stableRevision).isEqualTo(r2);
    assertThat(route.weights(c, "iris")).isEqualTo(Map.of(r2, 100));
    assertThat(c.replicasByRevision("iris"))
        .as("the previous revision stays up for scaleDownDelaySeconds (30 s by default)")
        .isEqualTo(Map.of(r2, 4, r1, 4));
    c.clock.advance(Duration.ofSeconds(31));
    c.settle("iris");
    assertThat(c.replicasByRevision("iris")).isEqualTo(Map.of(r2, 4));
    assertThat(c.events()).extracting(e -> e.getReason()).contains("Promoted");
  }
}
