package dev.aviary.gateway;

import dev.aviary.gateway.GatewayConfig.LoadBalancing;
import dev.aviary.gateway.GatewayConfig.Outlier;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A revision as compiled into a routing table: its ready endpoints and its meters. */
final class RevisionRuntime {
  final String route;
  final String name;

  /** The name as sent in x-aviary-revision. */
  final byte[] nameBytes;

  final int weight;
  final List<EndpointState> endpoints;
  final RevisionStats stats;
  private final AtomicInteger cursor = new AtomicInteger();

  RevisionRuntime(
      String route, String name, int weight, List<EndpointState> endpoints, RevisionStats stats) {
    this.route = route;
    this.name = name;
    this.nameBytes = Ascii.bytes(name);
    this.weight = weight;
    this.endpoints = List.copyOf(endpoints);
    this.stats = stats;
  }

  /**
   * Chooses an endpoint that was not tried yet: the one with the fewest outstanding requests (ties,
   * and round-robin mode, go round from a moving start). Ejected endpoints are used only when every
   * untried endpoint is ejected. Returns null when none is left.
   */
  EndpointState pick(List<EndpointState> tried, long now, LoadBalancing mode) {
    int n = endpoints.size();
    if (n == 0) {
      return null;
    }
    int start = Math.floorMod(cursor.getAndIncrement(), n);
    EndpointState best = null;
    EndpointState fallback = null;
    for (int i = 0; i < n; i++) {
      EndpointState e = endpoints.get((start + i) % n);
      if (tried.contains(e)) {
        continue;
      }
      if (e.outlier.isEjected(now)) {
        fallback = fallback == null ? e : fallback;
        continue;
      }
      if (mode == LoadBalancing.ROUND_ROBIN) {
        return e;
      }
      if (best == null || e.outstanding.get() < best.outstanding.get()) {
        best = e;
      }
    }
    return best != null ? best : fallback;
  }

  /**
   * Whether one more endpoint may be ejected without passing the configured share (one endpoint may
   * always be ejected, so that a revision with a single dead replica fails fast).
   */
  boolean mayEject(long now, Outlier settings) {
    int ejected = 0;
    for (EndpointState e : endpoints) {
      if (e.outlier.isEjected(now)) {
        ejected++;
      }
    }
    int allowed = Math.max(1, endpoints.size() * settings.maxEjectionPercent() / 100);
    return ejected < allowed;
  }
}
