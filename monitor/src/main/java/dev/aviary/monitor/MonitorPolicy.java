package dev.aviary.monitor;

import java.time.Duration;

/**
 * How live windows are kept and judged.
 *
 * @param capacity rows a window holds at most
 * @param maxAge rows older than this leave the window; null keeps rows until newer ones push them
 *     out
 * @param minRows below this many rows a window reports no scores (NaN): too few rows to judge
 * @param numericThreshold numeric features are measured with PSI and drift from this value
 * @param categoricalThreshold categorical features are measured with the Jensen-Shannon distance
 *     and drift from this value
 * @param driftShare the data set drifts when at least this share of its features drifted
 */
public record MonitorPolicy(
    int capacity,
    Duration maxAge,
    int minRows,
    double numericThreshold,
    double categoricalThreshold,
    double driftShare) {
  public static final int DEFAULT_CAPACITY = 1000;
  public static final int DEFAULT_MIN_ROWS = 100;

  public static final MonitorPolicy DEFAULT =
      new MonitorPolicy(DEFAULT_CAPACITY, null, DEFAULT_MIN_ROWS, 0.1, 0.1, 0.5);

  public MonitorPolicy {
    if (capacity < 1 || capacity > 10_000_000) {
      throw new IllegalArgumentException("window rows must be 1..10000000, got " + capacity);
    }
    if (minRows < 1 || minRows > capacity) {
      throw new IllegalArgumentException(
          "minimum rows must be 1.." + capacity + " (the window's rows), got " + minRows);
    }
    if (maxAge != null && (maxAge.isNegative() || maxAge.isZero())) {
      throw new IllegalArgumentException("window age must be positive, got " + maxAge);
    }
    if (!(driftShare > 0 && driftShare <= 1)) {
      throw new IllegalArgumentException("drift share must be in (0, 1], got " + driftShare);
    }
  }

  public MonitorPolicy withWindow(int capacity, Duration maxAge, int minRows) {
    return new MonitorPolicy(
        capacity, maxAge, minRows, numericThreshold, categoricalThreshold, driftShare);
  }

  DriftMeasure measure(FeatureBaseline.Kind kind) {
    return kind == FeatureBaseline.Kind.NUMERIC ? DriftMeasure.PSI : DriftMeasure.JENSEN_SHANNON;
  }

  double threshold(FeatureBaseline.Kind kind) {
    return kind == FeatureBaseline.Kind.NUMERIC ? numericThreshold : categoricalThreshold;
  }

  /** The {@code measure} label of a drift score, as {@code aviary drift compare} names it. */
  static String measureId(DriftMeasure m) {
    return m instanceof DriftMeasure.Psi ? "psi" : "jensen_shannon";
  }
}
