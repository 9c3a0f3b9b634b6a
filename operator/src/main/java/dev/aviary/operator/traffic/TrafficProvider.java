package dev.aviary.operator.traffic;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Map;

/**
 * Realises user-traffic weights, mirroring, header routes and preview access for one
 * ModelDeployment. Implementations only compute the desired objects; the operator applies them.
 */
public interface TrafficProvider {

  /** Name as written in the spec's {@code trafficRouting.provider}. */
  String name();

  /** The objects that route traffic as {@code plan} says (may be empty). */
  List<HasMetadata> desired(TrafficPlan plan);

  /**
   * Replicas per revision id. Routers follow the engine; the replica-ratio provider changes them
   * because the replica counts are its only lever.
   */
  default Map<String, Integer> replicas(TrafficPlan plan, int fullReplicas) {
    Map<String, Integer> out = new java.util.LinkedHashMap<>();
    plan.topology().revisions().forEach(p -> out.put(p.revision().id(), p.replicas()));
    return out;
  }

  /**
   * True when the active Service selects the pods of every serving revision (no router); false when
   * it selects only the active revision.
   */
  default boolean activeServiceSpansRevisions() {
    return false;
  }
}
