package dev.aviary.gateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Every meter of a gateway. Revision and mirror meters outlive reconfigurations. */
final class Metrics {
  final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Clock clock;
  private final ConcurrentMap<String, RevisionStats> revisions = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, MirrorStats> mirrors = new ConcurrentHashMap<>();
  final Counter noRoute = rejected("no_route");
  final Counter tooLarge = rejected("too_large");
  final Counter overloaded = rejected("overloaded");
  final Counter tooManyConnections = rejected("too_many_connections");
  final Counter idleClosed = clientTimeout("idle");
  final Counter headTimedOut = clientTimeout("head");
  final Counter bodyTimedOut = clientTimeout("body");
  final Counter reloadsApplied = reload("applied");
  final Counter reloadsRejected = reload("rejected");

  Metrics(Clock clock) {
    this.clock = clock;
  }

  RevisionStats revision(String route, String revision) {
    return revisions.computeIfAbsent(
        route + '\u0000' + revision, k -> new RevisionStats(registry, clock, route, revision));
  }

  MirrorStats mirror(String route, String primary, String mirror) {
    return mirrors.computeIfAbsent(
        route + '\u0000' + primary + '\u0000' + mirror,
        k -> new MirrorStats(registry, clock, route, primary, mirror));
  }

  /**
   * Forgets the meters of revisions (and mirror pairs) that are not in {@code config}, so that a
   * long-running gateway does not accumulate every revision it ever routed to.
   */
  void retain(GatewayConfig config) {
    Set<String> revisionKeys = new HashSet<>();
    Set<String> mirrorKeys = new HashSet<>();
    for (GatewayConfig.Route route : config.routes()) {
      for (GatewayConfig.Revision rev : route.revisions()) {
        revisionKeys.add(route.name() + '\u0000' + rev.name());
        if (route.mirror() != null && !route.mirror().revision().equals(rev.name())) {
          mirrorKeys.add(
              route.name() + '\u0000' + rev.name() + '\u0000' + route.mirror().revision());
        }
      }
    }
    revisions.keySet().retainAll(revisionKeys);
    mirrors.keySet().retainAll(mirrorKeys);
    for (Meter meter : registry.getMeters()) {
      Meter.Id id = meter.getId();
      String route = id.getTag("route");
      String revision = id.getTag("revision");
      String mirror = id.getTag("mirror");
      if (route == null || revision == null) {
        continue;
      }
      String key = route + '\u0000' + revision;
      boolean keep =
          mirror == null
              ? revisionKeys.contains(key)
              : mirrorKeys.contains(key + '\u0000' + mirror);
      if (!keep) {
        registry.remove(meter);
      }
    }
  }

  String scrape() {
    return registry.scrape();
  }

  private Counter rejected(String reason) {
    return Counter.builder("aviary.gateway.rejected")
        .description("Requests answered by the gateway itself without choosing a revision")
        .tag("reason", reason)
        .register(registry);
  }

  private Counter clientTimeout(String phase) {
    return Counter.builder("aviary.gateway.client.timeouts")
        .description(
            "Client connections closed by a timeout: idle between requests, or a request whose"
                + " head or body did not arrive in time (answered 408)")
        .tag("phase", phase)
        .register(registry);
  }

  private Counter reload(String result) {
    return Counter.builder("aviary.gateway.config.reloads")
        .description("Configurations received (admin API or file), by result")
        .tag("result", result)
        .register(registry);
  }
}
