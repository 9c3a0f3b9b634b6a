package dev.aviary.monitor;

import org.apache.commons.statistics.distribution.ChiSquaredDistribution;

/**
 * Tests over category counts aligned by category (index {@code i} is the same category on both
 * sides; a category seen on one side only has count 0 on the other), with the values of scipy's
 * {@code chisquare} and {@code chi2_contingency}.
 */
public final class Categories {
  private Categories() {}

  /**
   * Pearson's goodness of fit of the current counts to the reference frequencies (expected count
   * {@code reference share * current total}). A category the reference never saw but the current
   * has makes the statistic infinite and the p-value 0: the reference says it cannot happen.
   */
  public static TwoSample.Significance goodnessOfFit(long[] reference, long[] current) {
    double nRef = total(reference, current);
    double nCur = sum(current);
    double statistic = 0;
    for (int i = 0; i < reference.length; i++) {
      double expected = reference[i] / nRef * nCur;
      double d = current[i] - expected;
      statistic +=
          expected == 0 ? (current[i] == 0 ? 0 : Double.POSITIVE_INFINITY) : d * d / expected;
    }
    return new TwoSample.Significance(statistic, survival(statistic, reference.length - 1));
  }

  /**
   * Chi-squared test of independence of the 2 x k table (reference, current) by category, with
   * Yates' continuity correction when it has one degree of freedom (two categories), as scipy does
   * by default.
   */
  public static TwoSample.Significance contingency(long[] reference, long[] current) {
    double nRef = total(reference, current);
    double nCur = sum(current);
    double n = nRef + nCur;
    int dof = reference.length - 1;
    double statistic = 0;
    for (int i = 0; i < reference.length; i++) {
      double column = reference[i] + current[i];
      statistic +=
          cell(reference[i], nRef * column / n, dof) + cell(current[i], nCur * column / n, dof);
    }
    return new TwoSample.Significance(statistic, survival(statistic, dof));
  }

  private static double cell(double observed, double expected, int dof) {
    double d = expected - observed;
    if (dof == 1) {
      d = Math.signum(d) * (Math.abs(d) - Math.min(0.5, Math.abs(d)));
    }
    return d * d / expected;
  }

  private static double survival(double statistic, int dof) {
    if (dof < 1) {
      return 1;
    }
    return ChiSquaredDistribution.of(dof).survivalProbability(statistic);
  }

  private static double total(long[] reference, long[] current) {
    if (reference.length != current.length) {
      throw new IllegalArgumentException(
          "category counts must be aligned: " + reference.length + " vs " + current.length);
    }
    double nRef = sum(reference);
    if (nRef == 0 || sum(current) == 0) {
      throw new IllegalArgumentException("both sides need at least one value");
    }
    return nRef;
  }

  private static double sum(long[] counts) {
    double s = 0;
    for (long c : counts) {
      if (c < 0) {
        throw new IllegalArgumentException("a category count must be >= 0, got " + c);
      }
      s += c;
    }
    return s;
  }
}
