package dev.aviary.local;

import dev.aviary.analysis.alert.AlertRules;
import dev.aviary.engine.Phase;
import io.vertx.ext.web.Router;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The platform's own series, which no model server can export: each deployment's rollout phase
 * ({@code aviary_rollout_phase{deployment,phase}}, 1 for the current phase and 0 for the others)
 * and its ready replicas per revision ({@code aviary_replicas_ready{deployment,revision}}). The
 * alert evaluation of {@code aviary up} samples them from here, and {@code GET /api/v1/metrics}
 * serves them in the Prometheus text format for a Prometheus of one's own.
 */
final class PlatformMetrics {
  static final String REPLICAS_READY = "aviary_replicas_ready";

  /** One sample of a series. */
  record Series(String name, Map<String, String> labels, double value) {}

  private PlatformMetrics() {}

  /** The series of one deployment, from its stored status and the supervisor's replicas. */
  static List<Series> of(Store.StoredDeployment d, List<ReplicaView> replicas) {
    List<Series> out = new ArrayList<>();
    Phase phase = d.status() == null ? null : d.status().phase();
    for (Phase p : Phase.values()) {
      out.add(
          new Series(
              AlertRules.ROLLOUT_PHASE,
              Map.of("deployment", d.name(), "phase", p.name()),
              p == phase ? 1 : 0));
    }
    Map<String, Integer> ready = new TreeMap<>();
    for (ReplicaView v : replicas) {
      if (v.deployment().equals(d.name())) {
        ready.merge(v.revision(), "Ready".equals(v.state()) ? 1 : 0, Integer::sum);
      }
    }
    ready.forEach(
        (revision, n) ->
            out.add(
                new Series(
                    REPLICAS_READY, Map.of("deployment", d.name(), "revision", revision), n)));
    return out;
  }

  /** Every deployment's series in the Prometheus text exposition format (version 0.0.4). */
  static String text(List<Store.StoredDeployment> deployments, List<ReplicaView> replicas) {
    List<Series> all = new ArrayList<>();
    deployments.forEach(d -> all.addAll(of(d, replicas)));
    StringBuilder out = new StringBuilder();
    header(
        out,
        AlertRules.ROLLOUT_PHASE,
        "Rollout phase of a deployment: 1 for its current phase, 0 for the others.");
    all.stream().filter(s -> s.name().equals(AlertRules.ROLLOUT_PHASE)).forEach(s -> line(out, s));
    header(out, REPLICAS_READY, "Ready replicas of a deployment's revision.");
    all.stream().filter(s -> s.name().equals(REPLICAS_READY)).forEach(s -> line(out, s));
    return out.toString();
  }

  /** Adds {@code GET /api/v1/metrics}; the request checks and token of {@code /api/} apply. */
  static void mount(Router router, Store store, Supplier<List<ReplicaView>> replicas) {
    router
        .get("/api/v1/metrics")
        .blockingHandler(
            ctx ->
                ctx.response()
                    .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                    .end(text(store.deployments(), replicas.get())));
  }

  private static void header(StringBuilder out, String name, String help) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(" gauge\n");
  }

  private static void line(StringBuilder out, Series s) {
    out.append(s.name()).append('{');
    String sep = "";
    for (Map.Entry<String, String> l : new TreeMap<>(s.labels()).entrySet()) {
      out.append(sep).append(l.getKey()).append("=\"").append(escape(l.getValue())).append('"');
      sep = ",";
    }
    out.append("} ").append(String.format(Locale.ROOT, "%.0f", s.value())).append('\n');
  }

  private static String escape(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
