package dev.aviary.monitor;

import org.apache.commons.statistics.inference.KolmogorovSmirnovTest;
import org.apache.commons.statistics.inference.PValueMethod;

/**
 * Statistics of two numerical samples, each sorted ascending and non-empty: the two-sample
 * Kolmogorov-Smirnov test and the Wasserstein distance, with the values scipy's {@code ks_2samp}
 * (mode {@code auto}) and {@code wasserstein_distance} give.
 */
public final class TwoSample {
  /** Up to this many values in the larger sample the KS p-value is exact, as scipy's auto mode. */
  static final int EXACT_KS_MAX_SIZE = 10_000;

  /** A test's statistic and p-value. */
  public record Significance(double statistic, double pValue) {}

  private TwoSample() {}

  /** Two-sided two-sample Kolmogorov-Smirnov statistic and p-value. */
  public static Significance kolmogorovSmirnov(double[] reference, double[] current) {
    requireNonEmpty(reference, current);
    double d = ksStatistic(reference, current);
    int n = reference.length;
    int m = current.length;
    double p;
    if (Math.max(n, m) <= EXACT_KS_MAX_SIZE) {
      p =
          KolmogorovSmirnovTest.withDefaults()
              .with(PValueMethod.EXACT)
              .test(reference, current)
              .getPValue();
    } else {
      p = asymptoticP(d, n, m);
    }
    return new Significance(d, Math.min(1, Math.max(0, p)));
  }

  static double ksStatistic(double[] a, double[] b) {
    int i = 0;
    int j = 0;
    double d = 0;
    while (i < a.length && j < b.length) {
      double v = Math.min(a[i], b[j]);
      while (i < a.length && a[i] == v) {
        i++;
      }
      while (j < b.length && b[j] == v) {
        j++;
      }
      d = Math.max(d, Math.abs((double) i / a.length - (double) j / b.length));
    }
    return d;
  }

  /**
   * The one-sample KS distribution of the effective size {@code round(nm / (n + m))} at {@code d},
   * as scipy's asymptotic mode. Commons Statistics exposes that distribution only through its
   * one-sample test, so it is given a sample whose statistic is exactly {@code d}: the first point
   * sits at cdf {@code d}, the others in the middle of their steps (their gaps are {@code 1/(2N) <=
   * d}).
   */
  static double asymptoticP(double d, int n, int m) {
    int size = (int) Math.round((double) n * m / (n + m));
    if (d <= 0.5 / size) {
      return 1;
    }
    double[] x = new double[size];
    for (int k = 0; k < size; k++) {
      x[k] = k;
    }
    return KolmogorovSmirnovTest.withDefaults()
        .with(PValueMethod.EXACT)
        .test(x, v -> v == 0 ? d : (v + 0.5) / size)
        .getPValue();
  }

  /** Wasserstein-1 distance: the area between the two empirical CDFs. */
  public static double wasserstein(double[] reference, double[] current) {
    requireNonEmpty(reference, current);
    int i = 0;
    int j = 0;
    double sum = 0;
    double previous = Math.min(reference[0], current[0]);
    while (i < reference.length || j < current.length) {
      double v =
          i == reference.length
              ? current[j]
              : j == current.length ? reference[i] : Math.min(reference[i], current[j]);
      sum += Math.abs((double) i / reference.length - (double) j / current.length) * (v - previous);
      while (i < reference.length && reference[i] == v) {
        i++;
      }
      while (j < current.length && current[j] == v) {
        j++;
      }
      previous = v;
    }
    return sum;
  }

  /** Population standard deviation (numpy's default, ddof 0). */
  public static double standardDeviation(double[] values) {
    double mean = 0;
    for (double v : values) {
      mean += v;
    }
    mean /= values.length;
    double squares = 0;
    for (double v : values) {
      squares += (v - mean) * (v - mean);
    }
    return Math.sqrt(squares / values.length);
  }

  private static void requireNonEmpty(double[] reference, double[] current) {
    if (reference.length == 0 || current.length == 0) {
      throw new IllegalArgumentException(
          "both samples need values: reference has "
              + reference.length
              + ", current "
              + current.length);
    }
  }
}
