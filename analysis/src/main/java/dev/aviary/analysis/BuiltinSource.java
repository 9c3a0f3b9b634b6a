package dev.aviary.analysis;

import dev.aviary.monitor.DriftMeasure;
import dev.aviary.monitor.PredictionHistograms;
import dev.aviary.spec.MetricProvider;
import dev.aviary.spec.condition.Value;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The {@code builtin} provider, the same on both backends. Request, error and latency statistics
 * and prediction drift come from the {@code /metrics} page of every running replica of the revision
 * ({@link Fleet#replicas}), over a window ({@link WindowedScrapes}); drift compares the revision's
 * prediction histograms with the reference revision's over the same window. The mirror mismatch
 * rate is what the backend's router compared ({@link Fleet#mirror}).
 */
public final class BuiltinSource implements MetricSource {
  /** The Aviary gateway, embedded or in-cluster, keeps this much shadow traffic comparison. */
  public static final Duration ROUTER_WINDOW = Duration.ofMinutes(5);

  private final Fleet fleet;
  private final Clock clock;
  private final Http http;
  private final WindowedScrapes scrapes = new WindowedScrapes();

  public BuiltinSource(Fleet fleet, Clock clock, Duration timeout) {
    this.fleet = fleet;
    this.clock = clock;
    this.http = new Http(timeout);
  }

  @Override
  public Sample measure(MetricProvider provider, Target target) throws MeasurementException {
    MetricProvider.Builtin b = (MetricProvider.Builtin) provider;
    if (!MetricProvider.BUILTIN_METRICS.contains(b.metric())) {
      throw new MeasurementException(
          "unknown builtin metric " + b.metric() + "; one of " + MetricProvider.BUILTIN_METRICS);
    }
    Duration window = b.window() == null ? Duration.ofMinutes(1) : b.window();
    Instant now = clock.instant();
    try {
      return switch (b.metric()) {
        case "predictionDriftPsi" -> drift(DriftMeasure.PSI, target, window, now);
        case "predictionDriftJs" -> drift(DriftMeasure.JENSEN_SHANNON, target, window, now);
        case "mirrorMismatchRate" -> mirrorMismatch(target, window);
        case "featureDrift", "datasetDriftShare", "accuracy" -> live(b.metric(), target);
        default ->
            serverStatistic(b.metric(), windowed(target, target.revisionId(), window, now), window);
      };
    } finally {
      scrapes.forgetStale(now);
    }
  }

  private static Sample serverStatistic(String metric, ServerScrape sum, Duration window) {
    double total = sum.total();
    double failed = sum.outcome("server_error") + sum.outcome("unavailable");
    double v =
        switch (metric) {
          case "errorRate" -> total == 0 ? Double.NaN : failed / total;
          case "successRate" -> total == 0 ? Double.NaN : sum.outcome("success") / total;
          case "requestRate" -> total / Math.max(1, window.toSeconds());
          case "latencyP50" -> sum.latencyQuantile(0.50);
          case "latencyP95" -> sum.latencyQuantile(0.95);
          default -> sum.latencyQuantile(0.99);
        };
    return new Sample(Value.of(v), Math.round(total));
  }

  /**
   * Drift of the revision's predictions from the reference revision's over the same window; the
   * sample size is the revision's requests in the window. No predictions on either side yet is NaN
   * with sample size 0: no data, which is not "no drift".
   */
  private Sample drift(DriftMeasure measure, Target target, Duration window, Instant now)
      throws MeasurementException {
    String reference = target.referenceRevisionId();
    if (reference == null || reference.equals(target.revisionId())) {
      throw new MeasurementException(
          "prediction drift of revision "
              + target.revisionId()
              + " needs a different revision to compare with (the stable one), and there is none");
    }
    ServerScrape current = windowed(target, target.revisionId(), window, now);
    ServerScrape ref = windowed(target, reference, window, now);
    double v = PredictionHistograms.drift(measure, ref.predictions(), current.predictions());
    if (Double.isNaN(v)) {
      return new Sample(Value.of(Double.NaN), 0L);
    }
    return new Sample(Value.of(v), Math.round(current.total()));
  }

  /** Shadow traffic disagreement from the reference revision (the primary) to this one. */
  private Sample mirrorMismatch(Target target, Duration window) throws MeasurementException {
    String reference = target.referenceRevisionId();
    if (reference == null) {
      throw new MeasurementException(
          "mirrorMismatchRate of revision "
              + target.revisionId()
              + " needs the revision whose traffic is mirrored (the stable one), and there is"
              + " none");
    }
    Duration w = window.compareTo(ROUTER_WINDOW) > 0 ? ROUTER_WINDOW : window;
    Fleet.MirrorComparison m =
        fleet
            .mirror(target, reference, w)
            .orElseThrow(
                () ->
                    new MeasurementException(
                        "the gateway has no shadow traffic from "
                            + reference
                            + " to "
                            + target.revisionId()
                            + " in the last "
                            + w.toSeconds()
                            + "s"));
    return new Sample(Value.of(m.mismatchRate()), m.labelRows());
  }

  /**
   * A live-monitoring gauge of the revision's replicas (their current monitoring window, whatever
   * the analysis window): a replica without the series was started without a baseline, an error.
   */
  private Sample live(String metric, Target target) throws MeasurementException {
    List<Fleet.Replica> replicas = fleet.replicas(target, target.revisionId());
    if (replicas.isEmpty()) {
      throw new MeasurementException(
          "no running replica of revision " + target.revisionId() + " to read /metrics from");
    }
    LiveMonitorScrape scrape = new LiveMonitorScrape();
    for (Fleet.Replica r : replicas) {
      if (!scrape.add(http.get(r.metricsUrl(), Map.of(), null))) {
        throw new MeasurementException(
            metric
                + ": "
                + r.metricsUrl()
                + " has no "
                + LiveMonitorScrape.FEATURE_DRIFT
                + " series; serve the revision with a training baseline (spec.model.baseline,"
                + " aviary serve --baseline)");
      }
    }
    return scrape.sample(metric);
  }

  /** The sum over the revision's running replicas of what each counted during the window. */
  private ServerScrape windowed(Target target, String revision, Duration window, Instant now)
      throws MeasurementException {
    List<Fleet.Replica> replicas = fleet.replicas(target, revision);
    if (replicas.isEmpty()) {
      throw new MeasurementException(
          "no running replica of revision " + revision + " to read /metrics from");
    }
    ServerScrape sum = ServerScrape.empty();
    for (Fleet.Replica r : replicas) {
      ServerScrape current = ServerScrape.parse(http.get(r.metricsUrl(), Map.of(), null));
      if (current == null) {
        throw new MeasurementException(r.metricsUrl() + " is not a Prometheus metrics page");
      }
      sum = sum.plus(scrapes.during(r.id(), current, window, now));
    }
    return sum;
  }
}
