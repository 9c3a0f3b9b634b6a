package dev.aviary.monitor;

import java.util.Arrays;

/**
 * Counts over ordered bins shared by the distributions being compared (bin {@code i} of one
 * histogram covers the same values as bin {@code i} of the other). Counts are non-negative and
 * finite; they may be fractional (e.g. differences of cumulative counters that were rescaled).
 */
public record Histogram(double[] counts) {

  public Histogram {
    if (counts == null || counts.length == 0) {
      throw new IllegalArgumentException("a histogram needs at least one bin");
    }
    counts = counts.clone();
    for (int i = 0; i < counts.length; i++) {
      if (!(counts[i] >= 0) || Double.isInfinite(counts[i])) {
        throw new IllegalArgumentException(
            "bin " + i + ": count must be a finite number >= 0, got " + counts[i]);
      }
    }
  }

  public static Histogram of(double... counts) {
    return new Histogram(counts);
  }

  /**
   * From cumulative counts (as Prometheus {@code _bucket} series give them, {@code le} ascending):
   * bin {@code i} holds {@code cumulative[i] - cumulative[i-1]}. A decrease (a reset) is an error.
   */
  public static Histogram fromCumulative(double... cumulative) {
    double[] out = new double[cumulative.length];
    double prev = 0;
    for (int i = 0; i < cumulative.length; i++) {
      double d = cumulative[i] - prev;
      if (d < 0) {
        throw new IllegalArgumentException(
            "cumulative counts must not decrease: bin "
                + i
                + " goes from "
                + prev
                + " to "
                + cumulative[i]);
      }
      out[i] = d;
      prev = cumulative[i];
    }
    return new Histogram(out);
  }

  @Override
  public double[] counts() {
    return counts.clone();
  }

  public int bins() {
    return counts.length;
  }

  public double total() {
    double t = 0;
    for (double c : counts) {
      t += c;
    }
    return t;
  }

  /** Bin shares summing to 1; undefined (exception) for an empty histogram. */
  public double[] proportions() {
    double t = total();
    if (t <= 0) {
      throw new IllegalArgumentException("an empty histogram has no proportions");
    }
    double[] p = new double[counts.length];
    for (int i = 0; i < p.length; i++) {
      p[i] = counts[i] / t;
    }
    return p;
  }

  /** This histogram minus an earlier snapshot of the same counters (bin by bin, never below 0). */
  public Histogram minus(Histogram earlier) {
    requireSameBins(this, earlier);
    double[] out = new double[counts.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = Math.max(0, counts[i] - earlier.counts[i]);
    }
    return new Histogram(out);
  }

  static void requireSameBins(Histogram a, Histogram b) {
    if (a.counts.length != b.counts.length) {
      throw new IllegalArgumentException(
          "histograms must have the same bins: " + a.counts.length + " vs " + b.counts.length);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Histogram h && Arrays.equals(counts, h.counts);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(counts);
  }

  @Override
  public String toString() {
    return "Histogram" + Arrays.toString(counts);
  }
}
