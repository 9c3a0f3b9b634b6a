package dev.aviary.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aviary.gateway.GatewayStats;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeploymentOverviewTest {
  private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

  @Test
  void a_deployment_without_a_status_is_pending_with_its_steps_and_last_event() {
    String spec =
        "{\"apiVersion\":\"aviary.dev/v1alpha1\",\"kind\":\"ModelDeployment\",\"spec\":"
            + "{\"model\":{\"name\":\"fraud\"},\"strategy\":{\"canary\":{\"steps\":"
            + "[{\"setWeight\":10},{\"pause\":{}},{\"setWeight\":50}]}}}}";
    ObjectNode n =
        DeploymentOverview.entry(
            "fraud",
            spec,
            null,
            NOW,
            new Store.StoredEvent(7, "fraud", NOW, "Normal", "Applied", "revision 1"));
    assertThat(n.path("phase").asText()).isEqualTo("Pending");
    assertThat(n.path("strategy").asText()).isEqualTo("canary");
    assertThat(n.path("steps").asInt()).isEqualTo(3);
    assertThat(n.path("model").asText()).isEqualTo("fraud");
    assertThat(n.path("createdAt").asText()).isEqualTo("2026-01-02T03:04:05Z");
    assertThat(n.path("lastEvent").path("reason").asText()).isEqualTo("Applied");
  }

  @Test
  void a_blue_green_deployment_has_no_steps_and_a_status_gives_phase_and_weights() {
    String spec = "{\"spec\":{\"model\":{\"name\":\"m\"},\"strategy\":{\"blueGreen\":{}}}}";
    ObjectNode n =
        DeploymentOverview.entry("m", spec, dev.aviary.engine.RolloutStatus.initial(), NOW, null);
    assertThat(n.path("strategy").asText()).isEqualTo("blueGreen");
    assertThat(n.path("steps").asInt()).isZero();
    assertThat(n.has("phase")).isTrue();
    assertThat(n.path("weights").isObject()).isTrue();
    assertThat(n.has("lastEvent")).isFalse();
  }

  @Test
  void traffic_keeps_only_the_deployments_route_with_rates_per_second_and_no_nan() {
    GatewayStats stats =
        new GatewayStats(
            Duration.ofSeconds(10),
            List.of(
                new GatewayStats.RevisionWindow(
                    "fraud", "aaa", 90, 50, 49, Map.of("2xx", 49L, "5xx", 1L), 0.98, 3, 4, 5, 9, 0),
                new GatewayStats.RevisionWindow(
                    "fraud",
                    "bbb",
                    10,
                    0,
                    0,
                    Map.of(),
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    0),
                new GatewayStats.RevisionWindow(
                    "other", "ccc", 100, 5, 5, Map.of(), 1, 1, 1, 1, 1, 0)),
            List.of());
    ObjectNode t = DeploymentOverview.traffic("fraud", stats, NOW);
    assertThat(t.path("revisions")).hasSize(2);
    assertThat(t.path("revisions").get(0).path("requestRate").asDouble()).isEqualTo(5.0);
    assertThat(t.path("revisions").get(0).path("p99Ms").asDouble()).isEqualTo(9.0);
    assertThat(t.path("revisions").get(1).path("successRate").isNull()).isTrue();
    assertThat(t.path("at").asText()).isEqualTo("2026-01-02T03:04:05Z");
  }
}
