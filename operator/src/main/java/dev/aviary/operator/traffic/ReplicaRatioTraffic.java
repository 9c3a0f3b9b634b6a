package dev.aviary.operator.traffic;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * No router: the active Service selects the pods of every serving revision, and the split follows
 * the replica counts. The canary keeps the engine's count ({@code ceil(replicas x weight / 100)})
 * and the stable revision is shrunk to {@code replicas - canary}, so the canary's share is {@code
 * canary / replicas}: approximate (10 % of 4 replicas is 1 of 4 pods, 25 %), and header routes and
 * mirroring are not possible.
 */
final class ReplicaRatioTraffic implements TrafficProvider {

  @Override
  public String name() {
    return "replicas";
  }

  @Override
  public List<HasMetadata> desired(TrafficPlan plan) {
    return List.of();
  }

  @Override
  public boolean activeServiceSpansRevisions() {
    return true;
  }

  @Override
  public Map<String, Integer> replicas(TrafficPlan plan, int fullReplicas) {
    Map<String, Integer> out = TrafficProvider.super.replicas(plan, fullReplicas);
    Map<String, Integer> weights = plan.topology().weights();
    if (weights.size() != 2) {
      return out;
    }
    // Two serving revisions: the stable one gives up the pods the canary runs.
    String heavy = null;
    String light = null;
    for (String rev : weights.keySet()) {
      if (plan.service(rev).equals(plan.activeService()) && plan.serviceOf().containsKey(rev)) {
        heavy = rev;
      } else {
        light = rev;
      }
    }
    if (heavy == null || light == null) {
      return out;
    }
    int lightPods = out.getOrDefault(light, 0);
    Map<String, Integer> adjusted = new LinkedHashMap<>(out);
    adjusted.put(heavy, Math.max(1, fullReplicas - lightPods));
    return adjusted;
  }
}
