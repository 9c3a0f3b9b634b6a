package dev.aviary.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aviary.analysis.BuiltinSourceContract;
import dev.aviary.analysis.Fleet;
import dev.aviary.gateway.GatewayStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The builtin source contract over the embedded platform's fleet: replicas as the supervisor lists
 * them, each serving {@code /metrics} on its port of 127.0.0.1.
 */
class ProcessFleetTest extends BuiltinSourceContract {
  private final List<ReplicaView> running = new ArrayList<>();
  private GatewayStats gatewayStats = new GatewayStats(Duration.ofMinutes(1), List.of(), List.of());

  private static ReplicaView replica(String deployment, String revision, int port, String state) {
    return new ReplicaView(
        deployment, revision, revision + "-0", 4242, port, state, 0, false, "replica.log");
  }

  @Override
  protected Fleet fleet(Map<String, Integer> portByRevision) {
    portByRevision.forEach(
        (revision, port) -> running.add(replica(TARGET.deployment(), revision, port, "Ready")));
    return new ProcessFleet(() -> List.copyOf(running), window -> gatewayStats);
  }

  @Test
  void only_ready_replicas_of_the_deployment_are_measured() throws Exception {
    Fleet fleet = fleet(Map.of());
    running.add(replica(TARGET.deployment(), TARGET.revisionId(), 7001, "Starting"));
    running.add(replica("other", TARGET.revisionId(), 7002, "Ready"));
    running.add(replica(TARGET.deployment(), TARGET.revisionId(), 7003, "Ready"));
    assertThat(fleet.replicas(TARGET, TARGET.revisionId()))
        .containsExactly(new Fleet.Replica("4242@7003", "http://127.0.0.1:7003/metrics"));
  }

  @Test
  void shadow_traffic_is_what_the_embedded_gateway_compared() throws Exception {
    Fleet fleet = fleet(Map.of());
    gatewayStats =
        new GatewayStats(
            Duration.ofMinutes(1),
            List.of(),
            List.of(
                new GatewayStats.MirrorFigures(
                    TARGET.deployment(),
                    TARGET.referenceRevisionId(),
                    TARGET.revisionId(),
                    100,
                    0,
                    0,
                    0,
                    100,
                    200,
                    0.75,
                    0.1,
                    0.2)));
    assertThat(fleet.mirror(TARGET, TARGET.referenceRevisionId(), Duration.ofMinutes(1)))
        .contains(new Fleet.MirrorComparison(200, 150));
    assertThat(fleet.mirror(TARGET, "another", Duration.ofMinutes(1))).isEmpty();
  }
}
