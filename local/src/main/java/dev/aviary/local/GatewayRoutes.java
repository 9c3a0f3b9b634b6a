package dev.aviary.local;

import dev.aviary.engine.Topology;
import dev.aviary.gateway.GatewayConfig;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Turns each deployment's topology into a gateway route: the model's OIP v2 and V1 paths ({@code
 * /v2/models/<model>}, {@code /v1/models/<model>}) to the deployment's revisions (named by revision
 * id) with the topology's weights, header routes, preview header and mirror, and only the ready
 * replicas as endpoints. Pure.
 */
final class GatewayRoutes {
  private GatewayRoutes() {}

  /** One deployment as the gateway should see it. */
  record Deployment(String name, String modelName, Topology topology, String stableRevision) {}

  static GatewayConfig config(
      List<Deployment> deployments, BiFunction<String, String, List<Integer>> readyPorts) {
    List<GatewayConfig.Route> routes = new ArrayList<>();
    for (Deployment d : deployments) {
      GatewayConfig.Route r = route(d, readyPorts);
      if (r != null) {
        routes.add(r);
      }
    }
    GatewayConfig.Settings defaults = GatewayConfig.Settings.defaults();
    // Replicas come and go during rollouts: eject quickly, retry on another replica.
    GatewayConfig.Settings settings =
        new GatewayConfig.Settings(
            defaults.connectTimeoutMs(),
            defaults.requestTimeoutMs(),
            defaults.maxRequestBytes(),
            defaults.maxConcurrentRequests(),
            defaults.loadBalancing(),
            new GatewayConfig.Retry(2, 50, 20),
            new GatewayConfig.Outlier(3, 2_000, 30_000, 50),
            defaults.mirror());
    return new GatewayConfig(routes, settings);
  }

  static GatewayConfig.Route route(
      Deployment d, BiFunction<String, String, List<Integer>> readyPorts) {
    Topology t = d.topology();
    Set<String> names = new LinkedHashSet<>(t.weights().keySet());
    t.revisions().forEach(p -> names.add(p.revision().id()));
    if (names.isEmpty()) {
      return null;
    }
    Map<String, Integer> weights = t.weights();
    String fallback = d.stableRevision() != null ? d.stableRevision() : names.iterator().next();
    List<GatewayConfig.Revision> revisions = new ArrayList<>();
    for (String id : names) {
      int w = weights.isEmpty() ? (id.equals(fallback) ? 100 : 0) : weights.getOrDefault(id, 0);
      List<GatewayConfig.Endpoint> endpoints = new ArrayList<>();
      for (int port : readyPorts.apply(d.name(), id)) {
        endpoints.add(GatewayConfig.Endpoint.of("127.0.0.1", port));
      }
      revisions.add(new GatewayConfig.Revision(id, w, endpoints));
    }
    if (weights.isEmpty() && !names.contains(fallback)) {
      revisions.set(
          0,
          new GatewayConfig.Revision(revisions.get(0).name(), 100, revisions.get(0).endpoints()));
    }
    List<GatewayConfig.HeaderRoute> headerRoutes = new ArrayList<>();
    for (Topology.HeaderRoute h : t.headerRoutes()) {
      if (names.contains(h.revisionId())) {
        headerRoutes.add(
            new GatewayConfig.HeaderRoute(
                new GatewayConfig.HeaderMatch(h.header(), h.cookie(), h.value()), h.revisionId()));
      }
    }
    if (t.preview() != null && names.contains(t.preview().revisionId())) {
      headerRoutes.add(
          new GatewayConfig.HeaderRoute(
              GatewayConfig.HeaderMatch.header(t.preview().header(), t.preview().value()),
              t.preview().revisionId()));
    }
    GatewayConfig.Mirror mirror = null;
    if (t.mirror() != null && names.contains(t.mirror().revisionId())) {
      mirror = new GatewayConfig.Mirror(t.mirror().revisionId(), t.mirror().percent());
    }
    return new GatewayConfig.Route(d.name(), modelPaths(d), revisions, headerRoutes, null, mirror);
  }

  /** Routes of the extra preview ports: each serves only its preview revision. */
  static Map<Integer, GatewayConfig.Route> previewRoutes(
      List<Deployment> deployments, BiFunction<String, String, List<Integer>> readyPorts) {
    Map<Integer, GatewayConfig.Route> out = new java.util.LinkedHashMap<>();
    for (Deployment d : deployments) {
      Topology.Preview p = d.topology().preview();
      if (p == null || p.port() == null) {
        continue;
      }
      List<GatewayConfig.Endpoint> endpoints = new ArrayList<>();
      for (int port : readyPorts.apply(d.name(), p.revisionId())) {
        endpoints.add(GatewayConfig.Endpoint.of("127.0.0.1", port));
      }
      out.put(
          p.port(),
          new GatewayConfig.Route(
              d.name(),
              modelPaths(d),
              List.of(new GatewayConfig.Revision(p.revisionId(), 100, endpoints)),
              List.of(),
              null,
              null));
    }
    return out;
  }

  /** The model's OIP v2 paths and its V1 {@code :predict} paths. */
  private static GatewayConfig.Match modelPaths(Deployment d) {
    return new GatewayConfig.Match(
        List.of("/v2/models/" + d.modelName(), "/v1/models/" + d.modelName()));
  }
}
