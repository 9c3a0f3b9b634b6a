package dev.aviary.monitor;

import java.util.List;

/**
 * A live window compared with its baseline. Values are NaN (verdicts null) while the window holds
 * fewer than {@code minRows} rows.
 *
 * @param rows rows in the window
 * @param driftShare share of the features that drifted
 * @param datasetDrift whether at least the policy's share of features drifted
 */
public record WindowReport(
    int rows, int minRows, List<Feature> features, double driftShare, Boolean datasetDrift) {

  public WindowReport {
    features = List.copyOf(features);
  }

  /**
   * One feature's comparison.
   *
   * @param measure {@code psi} (numeric) or {@code jensen_shannon} (categorical)
   * @param drifted whether {@code score >= threshold}; null without a score
   * @param missingRatio share of the window's rows where the value was missing
   * @param outOfRangeRatio share of the present values outside the baseline's min..max (numeric) or
   *     of a category the baseline never had (categorical)
   */
  public record Feature(
      String name,
      FeatureBaseline.Kind kind,
      String measure,
      double score,
      double threshold,
      Boolean drifted,
      double missingRatio,
      double outOfRangeRatio) {}

  public Feature feature(String name) {
    return features.stream().filter(f -> f.name().equals(name)).findFirst().orElse(null);
  }
}
