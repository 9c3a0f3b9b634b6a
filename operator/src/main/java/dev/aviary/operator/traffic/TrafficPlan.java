package dev.aviary.operator.traffic;

import dev.aviary.engine.Topology;
import dev.aviary.operator.Labels;
import dev.aviary.operator.Owned;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a traffic provider realises: the engine's topology with each revision's Service.
 *
 * @param serviceOf Service name per revision id ({@code <name>}, {@code <name>-canary}, ...)
 * @param activeService the Service users reach ({@code <name>})
 * @param gatewayParent Gateway API parent as {@code [namespace/]name}
 * @param gatewayImage image with the aviary command, for the in-cluster gateway
 */
public record TrafficPlan(
    Owned owned,
    Topology topology,
    Map<String, String> serviceOf,
    String activeService,
    String gatewayParent,
    String gatewayImage) {

  public TrafficPlan {
    serviceOf = Map.copyOf(serviceOf);
  }

  public String name() {
    return owned.name();
  }

  public String namespace() {
    return owned.namespace();
  }

  public Map<String, String> labels() {
    return Labels.owned(owned.name());
  }

  public String service(String revisionId) {
    return serviceOf.getOrDefault(revisionId, activeService);
  }

  /** A weighted backend: a Service and its share of user traffic. */
  public record Backend(String revisionId, String service, int weight) {}

  /**
   * User-traffic backends in a stable order; when nothing is ready yet (no weights), the active
   * Service with all of it.
   */
  public List<Backend> backends() {
    List<Backend> out = new ArrayList<>();
    new TreeMap<>(topology.weights())
        .forEach((rev, w) -> out.add(new Backend(rev, service(rev), w)));
    if (out.isEmpty()) {
      out.add(new Backend(null, activeService, 100));
    }
    return out;
  }

  /**
   * The request paths of the model, as the embedded platform routes them: the OIP v2 paths ({@code
   * /v2/models/<model>...}) and the V1 ones ({@code /v1/models/<model>:predict}), for the model
   * name of every revision in the topology (a spec change may rename the model).
   */
  public List<String> modelPathPrefixes() {
    TreeSet<String> models = new TreeSet<>();
    topology.revisions().forEach(p -> models.add(p.revision().model().name()));
    List<String> out = new ArrayList<>();
    for (String m : models) {
      out.add("/v2/models/" + m);
      out.add("/v1/models/" + m);
    }
    return out;
  }

  /** Fully qualified in-cluster host of a Service. */
  public String host(String service) {
    return service + "." + namespace() + ".svc.cluster.local";
  }
}
