package dev.aviary.local;

import dev.aviary.gateway.GatewayStats;
import dev.aviary.monitor.DriftMeasure;
import dev.aviary.monitor.PredictionHistograms;
import dev.aviary.spec.MetricProvider;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The {@code builtin} provider: figures the embedded gateway keeps per revision (success rate,
 * latency quantiles, request rate and counts, shadow agreement) and prediction drift computed from
 * the replicas' prediction histograms.
 */
final class BuiltinSource implements MetricSource {
  private final Function<Duration, GatewayStats> stats;
  private final BiFunction<String, String, List<Integer>> readyPorts;
  private final PredictionSampler sampler;

  /**
   * @param stats gateway figures over a window; routes are named after deployments and revisions
   *     after revision ids
   * @param readyPorts ports of the ready replicas of (deployment, revision)
   */
  BuiltinSource(
      Function<Duration, GatewayStats> stats,
      BiFunction<String, String, List<Integer>> readyPorts,
      PredictionSampler sampler) {
    this.stats = stats;
    this.readyPorts = readyPorts;
    this.sampler = sampler;
  }

  @Override
  public Measured measure(
      MetricProvider provider, String deployment, String revision, String reference) {
    MetricProvider.Builtin b = (MetricProvider.Builtin) provider;
    Duration window = b.window() == null ? Duration.ofMinutes(1) : b.window();
    if (window.compareTo(Duration.ofSeconds(300)) > 0) {
      window = Duration.ofSeconds(300); // the gateway keeps five minutes
    }
    GatewayStats s = stats.apply(window);
    return switch (b.metric()) {
      case "errorRate", "successRate", "requestRate", "latencyP50", "latencyP95", "latencyP99" ->
          fromWindow(b.metric(), s.revision(deployment, revision), revision, window);
      case "mirrorMismatchRate" -> mirror(s, deployment, revision, reference);
      case "predictionDriftPsi" ->
          drift(DriftMeasure.PSI, s, deployment, revision, reference, window);
      case "predictionDriftJs" ->
          drift(DriftMeasure.JENSEN_SHANNON, s, deployment, revision, reference, window);
      default -> Measured.error("unknown builtin metric " + b.metric());
    };
  }

  private static Measured fromWindow(
      String metric,
      Optional<GatewayStats.RevisionWindow> found,
      String revision,
      Duration window) {
    if (found.isEmpty()) {
      return Measured.error("the gateway has no traffic figures for revision " + revision);
    }
    GatewayStats.RevisionWindow w = found.get();
    long n = w.requests();
    double value =
        switch (metric) {
          case "errorRate" -> n == 0 ? Double.NaN : 1 - w.successRate();
          case "successRate" -> n == 0 ? Double.NaN : w.successRate();
          case "requestRate" -> n / (double) window.toSeconds();
          case "latencyP50" -> w.p50Ms() / 1000.0;
          case "latencyP95" -> w.p95Ms() / 1000.0;
          default -> w.p99Ms() / 1000.0;
        };
    return Measured.of(value, n);
  }

  private static Measured mirror(
      GatewayStats s, String deployment, String revision, String reference) {
    if (reference == null) {
      return Measured.error("mirrorMismatchRate needs a stable revision to compare with");
    }
    return s.mirror(deployment, reference, revision)
        .map(
            m ->
                Measured.of(
                    m.labelRows() == 0 ? Double.NaN : 1 - m.labelAgreement(), m.labelRows()))
        .orElseGet(() -> Measured.error("no shadow traffic from " + reference + " to " + revision));
  }

  private Measured drift(
      DriftMeasure measure,
      GatewayStats s,
      String deployment,
      String revision,
      String reference,
      Duration window) {
    if (reference == null || reference.equals(revision)) {
      return Measured.error("prediction drift needs a different revision to compare with");
    }
    TreeMap<Double, Double> current;
    TreeMap<Double, Double> ref;
    try {
      current = scrape(deployment, revision, window);
      ref = scrape(deployment, reference, window);
    } catch (IOException e) {
      return Measured.error(e.getMessage());
    }
    double drift = PredictionHistograms.drift(measure, ref, current);
    if (Double.isNaN(drift)) {
      return Measured.of(Double.NaN, 0L); // no predictions yet: no data, not "no drift"
    }
    long requests =
        s.revision(deployment, revision).map(GatewayStats.RevisionWindow::requests).orElse(0L);
    return Measured.of(drift, requests);
  }

  /** Sum of what every ready replica of a revision predicted during the window. */
  private TreeMap<Double, Double> scrape(String deployment, String revision, Duration window)
      throws IOException {
    List<Integer> ports = readyPorts.apply(deployment, revision);
    if (ports.isEmpty()) {
      throw new IOException("revision " + revision + " has no ready replica to read metrics from");
    }
    TreeMap<Double, Double> sum = new TreeMap<>();
    for (int port : ports) {
      PredictionHistograms.add(sum, sampler.recent(port, window));
    }
    return sum;
  }
}
