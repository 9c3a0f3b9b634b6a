package dev.aviary.gateway;

import dev.aviary.gateway.GatewayConfig.Endpoint;
import dev.aviary.gateway.GatewayConfig.HeaderRoute;
import dev.aviary.gateway.GatewayConfig.Revision;
import dev.aviary.gateway.GatewayConfig.Route;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentMap;

/**
 * An immutable compiled configuration. The gateway swaps whole tables atomically; a request keeps
 * the table it started with until it ends.
 */
final class RoutingTable {
  final GatewayConfig config;
  final List<RouteRuntime> routes;

  private RoutingTable(GatewayConfig config, List<RouteRuntime> routes) {
    this.config = config;
    this.routes = routes;
  }

  /** The route with the longest matching path prefix, or null. */
  RouteRuntime match(String path) {
    RouteRuntime best = null;
    int bestLength = -1;
    for (RouteRuntime r : routes) {
      int length = r.matchLength(path);
      if (length > bestLength) {
        best = r;
        bestLength = length;
      }
    }
    return best;
  }

  /**
   * Compiles a validated configuration. Endpoint states (outstanding requests, ejections) and
   * meters are looked up by address and name, so they carry over from the previous table.
   */
  static RoutingTable compile(
      GatewayConfig config, ConcurrentMap<String, EndpointState> endpoints, Metrics metrics) {
    ConfigValidator.validate(config);
    List<RouteRuntime> routes = new ArrayList<>();
    for (Route route : config.routes()) {
      Map<String, RevisionRuntime> byName = new HashMap<>();
      List<RevisionRuntime> revisions = new ArrayList<>();
      for (Revision rev : route.revisions()) {
        List<EndpointState> ready = new ArrayList<>();
        for (Endpoint ep : rev.endpoints()) {
          if (ep.ready()) {
            ready.add(
                endpoints.computeIfAbsent(
                    ep.address(), a -> new EndpointState(ep.host(), ep.port())));
          }
        }
        RevisionRuntime rr =
            new RevisionRuntime(
                route.name(),
                rev.name(),
                rev.weight(),
                ready,
                metrics.revision(route.name(), rev.name()));
        revisions.add(rr);
        byName.put(rev.name(), rr);
      }
      List<RouteRuntime.CompiledHeaderRoute> headerRoutes = new ArrayList<>();
      for (HeaderRoute hr : route.headerRoutes()) {
        headerRoutes.add(
            new RouteRuntime.CompiledHeaderRoute(hr.match(), byName.get(hr.revision())));
      }
      MirrorRuntime mirror = null;
      if (route.mirror() != null && route.mirror().percent() > 0) {
        Map<String, MirrorStats> stats = new HashMap<>();
        for (RevisionRuntime primary : revisions) {
          if (primary.name.equals(route.mirror().revision())) {
            continue;
          }
          stats.put(
              primary.name, metrics.mirror(route.name(), primary.name, route.mirror().revision()));
        }
        mirror =
            new MirrorRuntime(
                byName.get(route.mirror().revision()), route.mirror().percent(), stats);
      }
      routes.add(new RouteRuntime(route, revisions, headerRoutes, mirror));
    }
    return new RoutingTable(config, List.copyOf(routes));
  }
}
