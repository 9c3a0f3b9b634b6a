package dev.aviary.server;

import dev.aviary.monitor.Baseline;
import dev.aviary.monitor.MonitorPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Live monitoring of every model version the server serves against one training baseline.
 *
 * @param window how many recent rows are compared, how old they may be, and from how many rows on
 * @param feedbackIds inference requests whose predicted labels are kept for late ground truth
 * @param feedbackRetention how long a prediction waits for its label
 * @param accuracyRows labelled rows the accuracy is computed over (the most recent)
 * @param minLabelled below this many labelled rows the accuracy is NaN
 * @param outputClasses the label each column of a class-probability output stands for (a model that
 *     names its classes needs none); empty: the column index is the label
 */
public record MonitorSettings(
    Baseline baseline,
    MonitorPolicy window,
    int feedbackIds,
    Duration feedbackRetention,
    int accuracyRows,
    int minLabelled,
    List<String> outputClasses) {
  public static final int DEFAULT_FEEDBACK_IDS = 100_000;
  public static final Duration DEFAULT_FEEDBACK_RETENTION = Duration.ofHours(1);
  public static final int DEFAULT_ACCURACY_ROWS = 1000;
  public static final int DEFAULT_MIN_LABELLED = 100;

  public MonitorSettings {
    Objects.requireNonNull(baseline, "baseline");
    Objects.requireNonNull(window, "window");
    outputClasses = outputClasses == null ? List.of() : List.copyOf(outputClasses);
    if (feedbackIds < 1) {
      throw new IllegalArgumentException("feedback ids must be at least 1, got " + feedbackIds);
    }
    if (feedbackRetention == null || feedbackRetention.isNegative() || feedbackRetention.isZero()) {
      throw new IllegalArgumentException("feedback retention must be positive");
    }
    if (accuracyRows < 1 || minLabelled < 1 || minLabelled > accuracyRows) {
      throw new IllegalArgumentException(
          "accuracy rows must be at least 1 and the minimum labelled rows 1.." + accuracyRows);
    }
  }

  public static MonitorSettings defaults(Baseline baseline) {
    return new MonitorSettings(
        baseline,
        MonitorPolicy.DEFAULT,
        DEFAULT_FEEDBACK_IDS,
        DEFAULT_FEEDBACK_RETENTION,
        DEFAULT_ACCURACY_ROWS,
        DEFAULT_MIN_LABELLED,
        List.of());
  }
}
