package dev.aviary.operator;

import dev.aviary.engine.Decision;
import dev.aviary.engine.RolloutStatus;
import dev.aviary.engine.Topology;
import dev.aviary.operator.traffic.TrafficPlan;
import dev.aviary.operator.traffic.TrafficProvider;
import dev.aviary.spec.ModelDeployment;
import dev.aviary.spec.Strategy;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every object a decision asks for: one Deployment per revision with replicas, the Services ({@code
 * <name>} active, {@code <name>-canary} or {@code <name>-preview}) and the traffic provider's
 * routing objects. Pure: the same inputs give the same objects; applying them is the controller's
 * job (and printing them is {@code aviary render}'s).
 */
public final class DesiredState {
  public static final int SERVICE_PORT = 80;

  private DesiredState() {}

  /** The desired objects, Deployments first. */
  public static List<HasMetadata> of(
      Owned owned,
      ModelDeployment spec,
      Decision decision,
      TrafficProvider provider,
      OperatorSettings settings) {
    RolloutStatus s = decision.status();
    Topology t = decision.topology();
    String name = owned.name();
    boolean blueGreen = spec.spec().strategy() instanceof Strategy.BlueGreen;

    String stable = s.stable() == null ? null : s.stable().id();
    String candidate = s.candidate() == null ? null : s.candidate().id();
    String active = stable;
    if (blueGreen && !t.weights().isEmpty()) {
      active =
          t.weights().entrySet().stream()
              .max(Map.Entry.comparingByValue())
              .map(Map.Entry::getKey)
              .orElse(stable);
    }
    String secondName = name + (blueGreen ? "-preview" : "-canary");
    String second = candidate;
    if (blueGreen && t.preview() != null) {
      second = t.preview().revisionId();
    }
    if (second == null) {
      second = active;
    }
    Map<String, String> serviceOf = new LinkedHashMap<>();
    if (second != null) {
      serviceOf.put(second, secondName);
    }
    if (active != null) {
      serviceOf.put(active, name);
    }
    TrafficPlan plan =
        new TrafficPlan(
            owned, t, serviceOf, name, settings.gatewayParent(), settings.serverImage());

    List<HasMetadata> out = new ArrayList<>();
    Map<String, Integer> replicas = provider.replicas(plan, spec.spec().replicas());
    for (Topology.Placement p : t.revisions()) {
      out.add(
          RevisionDeployment.desired(
              owned,
              p.revision(),
              replicas.getOrDefault(p.revision().id(), p.replicas()),
              spec.spec().progressDeadlineSeconds(),
              settings));
    }
    if (active != null) {
      Map<String, String> selector =
          provider.activeServiceSpansRevisions()
                  && !blueGreen
                  && t.weights().values().stream().filter(w -> w > 0).count() > 1
              ? Labels.allRevisionsSelector(name)
              : Labels.revisionSelector(name, active);
      out.add(service(owned, name, selector, "active"));
      out.add(
          service(
              owned,
              secondName,
              Labels.revisionSelector(name, second),
              blueGreen ? "preview" : "canary"));
      out.addAll(provider.desired(plan));
    }
    if (owned.owner() == null) {
      out.forEach(o -> o.getMetadata().setOwnerReferences(null));
    }
    return out;
  }

  private static Service service(
      Owned owned, String serviceName, Map<String, String> selector, String role) {
    Map<String, String> labels = new LinkedHashMap<>(Labels.owned(owned.name()));
    labels.put("aviary.dev/service-role", role);
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(serviceName)
        .withNamespace(owned.namespace())
        .withLabels(labels)
        .withOwnerReferences(owned.owner())
        .endMetadata()
        .withNewSpec()
        .withSelector(selector)
        .addNewPort()
        .withName("http")
        .withPort(SERVICE_PORT)
        .withTargetPort(new IntOrString("http"))
        .withProtocol("TCP")
        .endPort()
        .endSpec()
        .build();
  }
}
