package dev.aviary.analysis;

import dev.aviary.monitor.PrometheusText;
import java.util.List;

/**
 * The live-monitoring gauges of model-server {@code /metrics} pages (servers started with {@code
 * --baseline}), combined over a revision's replicas: the largest feature drift score, the largest
 * drifted share of features, and the accuracy from feedback averaged over the replicas that have
 * one. These are the state of each replica's current window, not a difference over the analysis
 * window. Pure.
 */
final class LiveMonitorScrape {
  static final String FEATURE_DRIFT = "aviary_feature_drift_score";
  static final String DATASET_DRIFT_SHARE = "aviary_dataset_drift_share";
  static final String ACCURACY = "aviary_model_accuracy";
  static final String WINDOW_ROWS = "aviary_monitor_window_rows";
  static final String FEEDBACK = "aviary_feedback_total";

  private double featureDrift = Double.NaN;
  private double datasetShare = Double.NaN;
  private double accuracySum;
  private int accuracies;
  private double windowRows;
  private double feedback;
  private boolean monitored;

  /** Adds one replica's page; false when the page has no live monitoring series. */
  boolean add(String page) {
    boolean found = false;
    for (PrometheusText.Sample s : PrometheusText.parse(page)) {
      double v = s.value();
      switch (s.name()) {
        case FEATURE_DRIFT -> {
          found = true;
          featureDrift = max(featureDrift, v);
        }
        case DATASET_DRIFT_SHARE -> datasetShare = max(datasetShare, v);
        case ACCURACY -> {
          if (!Double.isNaN(v)) {
            accuracySum += v;
            accuracies++;
          }
        }
        case WINDOW_ROWS -> windowRows += v;
        case FEEDBACK -> feedback += v;
        default -> {}
      }
    }
    monitored |= found;
    return found;
  }

  private static double max(double current, double v) {
    if (Double.isNaN(v)) {
      return current;
    }
    return Double.isNaN(current) ? v : Math.max(current, v);
  }

  boolean monitored() {
    return monitored;
  }

  /** The metric's value and sample size: NaN with size 0 while no window is large enough. */
  MetricSource.Sample sample(String metric) {
    double v =
        switch (metric) {
          case "featureDrift" -> featureDrift;
          case "datasetDriftShare" -> datasetShare;
          default -> accuracies == 0 ? Double.NaN : accuracySum / accuracies;
        };
    long size = Double.isNaN(v) ? 0 : Math.round(metric.equals("accuracy") ? feedback : windowRows);
    return new MetricSource.Sample(dev.aviary.spec.condition.Value.of(v), size);
  }

  static final List<String> METRICS = List.of("featureDrift", "datasetDriftShare", "accuracy");
}
