package dev.aviary.monitor;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How far a current distribution is from a reference one, both binned the same way. Every measure
 * is 0 for identical distributions, non-negative, and grows as the distributions move apart. Either
 * histogram being empty is an error (there is nothing to compare), never a 0.
 */
public sealed interface DriftMeasure
    permits DriftMeasure.Psi,
        DriftMeasure.JensenShannon,
        DriftMeasure.KolmogorovSmirnov,
        DriftMeasure.ChiSquared {

  /** Name used in specs and reports. */
  String name();

  /** The measure; throws {@link IllegalArgumentException} for different bins or empty input. */
  double measure(Histogram reference, Histogram current);

  Psi PSI = new Psi(1e-4);
  JensenShannon JENSEN_SHANNON = new JensenShannon();
  KolmogorovSmirnov KOLMOGOROV_SMIRNOV = new KolmogorovSmirnov();
  ChiSquared CHI_SQUARED = new ChiSquared();

  static List<DriftMeasure> all() {
    return List.of(PSI, JENSEN_SHANNON, KOLMOGOROV_SMIRNOV, CHI_SQUARED);
  }

  /** By name, case-insensitive: psi, js (jensenShannon), ks (kolmogorovSmirnov), chiSquared. */
  static Optional<DriftMeasure> named(String name) {
    String n = name.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
    return switch (n) {
      case "psi" -> Optional.of(PSI);
      case "js", "jensenshannon" -> Optional.of(JENSEN_SHANNON);
      case "ks", "kolmogorovsmirnov" -> Optional.of(KOLMOGOROV_SMIRNOV);
      case "chisquared", "chi2" -> Optional.of(CHI_SQUARED);
      default -> Optional.empty();
    };
  }

  private static double[][] shares(Histogram reference, Histogram current) {
    Histogram.requireSameBins(reference, current);
    return new double[][] {reference.proportions(), current.proportions()};
  }

  /**
   * Population stability index: {@code sum (q - p) ln(q / p)}. Empty bins are floored at {@code
   * epsilon} so that a bin present on one side only gives a large but finite value. Common reading:
   * below 0.1 stable, 0.1 to 0.25 moderate shift, above 0.25 significant shift.
   */
  record Psi(double epsilon) implements DriftMeasure {
    public Psi {
      if (!(epsilon > 0 && epsilon < 1)) {
        throw new IllegalArgumentException("epsilon must be in (0, 1), got " + epsilon);
      }
    }

    @Override
    public String name() {
      return "psi";
    }

    @Override
    public double measure(Histogram reference, Histogram current) {
      double[][] s = shares(reference, current);
      double sum = 0;
      for (int i = 0; i < s[0].length; i++) {
        double p = Math.max(s[0][i], epsilon);
        double q = Math.max(s[1][i], epsilon);
        sum += (q - p) * Math.log(q / p);
      }
      return Math.max(0, sum);
    }
  }

  /**
   * Jensen-Shannon distance, as scipy's {@code jensenshannon}: the square root of the divergence
   * with natural logarithms; symmetric, bounded by {@code sqrt(ln 2)} (about 0.833).
   */
  record JensenShannon() implements DriftMeasure {
    @Override
    public String name() {
      return "jensenShannon";
    }

    @Override
    public double measure(Histogram reference, Histogram current) {
      double[][] s = shares(reference, current);
      double sum = 0;
      for (int i = 0; i < s[0].length; i++) {
        double p = s[0][i];
        double q = s[1][i];
        double m = (p + q) / 2;
        sum += term(p, m) + term(q, m);
      }
      return Math.sqrt(Math.min(Math.log(2), Math.max(0, sum / 2)));
    }

    private static double term(double x, double m) {
      return x == 0 ? 0 : x * Math.log(x / m);
    }
  }

  /** Kolmogorov-Smirnov statistic over the bins: the largest gap between the two binned CDFs. */
  record KolmogorovSmirnov() implements DriftMeasure {
    @Override
    public String name() {
      return "kolmogorovSmirnov";
    }

    @Override
    public double measure(Histogram reference, Histogram current) {
      double[][] s = shares(reference, current);
      double cp = 0;
      double cq = 0;
      double max = 0;
      for (int i = 0; i < s[0].length; i++) {
        cp += s[0][i];
        cq += s[1][i];
        max = Math.max(max, Math.abs(cp - cq));
      }
      return Math.min(1, max);
    }
  }

  /**
   * Pearson's chi-squared distance between the shares, {@code sum (q - p)^2 / p}, over the bins the
   * reference has (a bin empty in the reference is floored at 1e-4 so the value stays finite).
   */
  record ChiSquared() implements DriftMeasure {
    @Override
    public String name() {
      return "chiSquared";
    }

    @Override
    public double measure(Histogram reference, Histogram current) {
      double[][] s = shares(reference, current);
      double sum = 0;
      for (int i = 0; i < s[0].length; i++) {
        double p = Math.max(s[0][i], 1e-4);
        double d = s[1][i] - s[0][i];
        sum += d * d / p;
      }
      return sum;
    }
  }
}
