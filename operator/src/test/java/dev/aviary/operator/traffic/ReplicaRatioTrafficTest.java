package dev.aviary.operator.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ReplicaRatioTrafficTest extends TrafficProviderContract {
  @Override
  TrafficProvider provider() {
    return new ReplicaRatioTraffic();
  }

  /** Pods behind the spanning Service: each revision's share is its pods over all pods. */
  @Override
  Map<String, Integer> shares(TrafficPlan plan, List<HasMetadata> objects) {
    Map<String, Integer> replicas = provider().replicas(plan, 10);
    Map<String, Integer> serving = new TreeMap<>();
    plan.topology()
        .weights()
        .forEach(
            (rev, w) -> {
              if (w > 0) {
                serving.put(plan.service(rev), replicas.get(rev));
              }
            });
    if (serving.isEmpty()) {
      return Map.of("iris", 100);
    }
    int total = serving.values().stream().mapToInt(Integer::intValue).sum();
    Map<String, Integer> out = new TreeMap<>();
    serving.forEach((s, n) -> out.put(s, Math.round(100f * n / total)));
    return out;
  }

  @Override
  String routedBy(List<HasMetadata> objects, String header, String cookie, String value) {
    return null; // no router: header routes are not possible
  }

  @Override
  String mirrorOf(List<HasMetadata> objects) {
    return null; // no router: no mirroring
  }

  @Override
  boolean routesPath(List<HasMetadata> objects, String path) {
    return objects.isEmpty(); // the Service NAME takes every path of the model's pods
  }

  @Test
  void creates_no_routing_objects_and_spans_revisions_with_the_active_service() {
    assertThat(provider().desired(plan(Map.of(STABLE.id(), 90, CANARY.id(), 10), null, List.of())))
        .isEmpty();
    assertThat(provider().activeServiceSpansRevisions()).isTrue();
  }

  @Test
  void shares_are_approximate_when_replicas_cannot_express_the_weight() {
    // 15 % of 10 replicas: the canary gets ceil(1.5) = 2 pods, so 20 %
    TrafficPlan p = plan(Map.of(STABLE.id(), 85, CANARY.id(), 15), null, List.of());
    assertThat(shares(p, List.of())).isEqualTo(Map.of("iris", 80, "iris-canary", 20));
  }
}
