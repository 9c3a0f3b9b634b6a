package dev.aviary.spec;

import dev.aviary.spec.Field.Doc;
import java.time.Duration;

/** The alerts of a deployment, each with its settings merged over its defaults. */
public record Alerts(
    @Doc("Share of inference requests that fail (server_error, unavailable); default 0.01 for 5m.")
        AlertSettings errorRate,
    @Doc("99th percentile inference latency in seconds; default 0.5 for 5m.")
        AlertSettings latencyP99,
    @Doc("No inference request at all over the window; default for 15m. No threshold.")
        AlertSettings noTraffic,
    @Doc("A model version on a replica not ready; default for 5m. No threshold.")
        AlertSettings replicasNotReady,
    @Doc("Process restarts of a replica within 15 minutes; default 3.") AlertSettings crashLooping,
    @Doc("The rollout is Degraded; default at once. No threshold.") AlertSettings rolloutDegraded,
    @Doc("A feature's drift score; default 0.2 for 15m.") AlertSettings featureDrift,
    @Doc("Share of drifted features (data-set drift); default 0.5 for 15m.")
        AlertSettings datasetDrift,
    @Doc(
            "Change of the mean predicted value or probability against the same window one day"
                + " earlier; default 0.1 for 30m.")
        AlertSettings predictionShift,
    @Doc("Accuracy from ground-truth feedback below this reference; default 0.8 for 30m.")
        AlertSettings accuracy) {

  static final AlertSettings ERROR_RATE = AlertSettings.of(0.01, minutes(5), "critical");
  static final AlertSettings LATENCY_P99 = AlertSettings.of(0.5, minutes(5), "warning");
  static final AlertSettings NO_TRAFFIC = AlertSettings.of(null, minutes(15), "warning");
  static final AlertSettings REPLICAS_NOT_READY = AlertSettings.of(null, minutes(5), "critical");
  static final AlertSettings CRASH_LOOPING = AlertSettings.of(3.0, Duration.ZERO, "critical");
  static final AlertSettings ROLLOUT_DEGRADED = AlertSettings.of(null, Duration.ZERO, "critical");
  static final AlertSettings FEATURE_DRIFT = AlertSettings.of(0.2, minutes(15), "warning");
  static final AlertSettings DATASET_DRIFT = AlertSettings.of(0.5, minutes(15), "warning");
  static final AlertSettings PREDICTION_SHIFT = AlertSettings.of(0.1, minutes(30), "warning");
  static final AlertSettings ACCURACY = AlertSettings.of(0.8, minutes(30), "warning");

  public static final Alerts DEFAULT =
      new Alerts(null, null, null, null, null, null, null, null, null, null);

  public Alerts {
    errorRate = merge(errorRate, ERROR_RATE);
    latencyP99 = merge(latencyP99, LATENCY_P99);
    noTraffic = merge(noTraffic, NO_TRAFFIC);
    replicasNotReady = merge(replicasNotReady, REPLICAS_NOT_READY);
    crashLooping = merge(crashLooping, CRASH_LOOPING);
    rolloutDegraded = merge(rolloutDegraded, ROLLOUT_DEGRADED);
    featureDrift = merge(featureDrift, FEATURE_DRIFT);
    datasetDrift = merge(datasetDrift, DATASET_DRIFT);
    predictionShift = merge(predictionShift, PREDICTION_SHIFT);
    accuracy = merge(accuracy, ACCURACY);
  }

  private static AlertSettings merge(AlertSettings given, AlertSettings defaults) {
    return given == null ? defaults : given.orElse(defaults);
  }

  private static Duration minutes(long m) {
    return Duration.ofMinutes(m);
  }
}
