package dev.aviary.monitor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one feature looked like in the training data: its kind, how many values were present or
 * missing, and the bins live values are counted in. A numeric feature has its range and its
 * reference-decile bins ({@link DecileBins}) with the reference count in each; a categorical one
 * has its categories and their counts. Live values are counted in the same bins, plus, for a
 * categorical feature, one extra bin for categories the training data never had.
 *
 * @param binCounts reference count per bin (numeric: one per decile bin; categorical: one per
 *     category, in the order of {@code categories})
 */
public record FeatureBaseline(
    String name,
    Kind kind,
    long count,
    long missing,
    double min,
    double max,
    DecileBins bins,
    List<String> categories,
    long[] binCounts) {

  /** How a feature's values are compared. */
  public enum Kind {
    NUMERIC,
    CATEGORICAL;

    public String id() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public FeatureBaseline {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    categories = categories == null ? List.of() : List.copyOf(categories);
    binCounts = binCounts.clone();
    if (count < 1) {
      throw new IllegalArgumentException("feature '" + name + "': no values, nothing to compare");
    }
    int expected = kind == Kind.NUMERIC ? bins.bins() : categories.size();
    if (binCounts.length != expected) {
      throw new IllegalArgumentException(
          "feature '"
              + name
              + "': "
              + binCounts.length
              + " bin counts for "
              + expected
              + (kind == Kind.NUMERIC ? " bins" : " categories"));
    }
  }

  /** The profile of a numeric column; NaN is a missing value. */
  public static FeatureBaseline numeric(String name, double[] values) {
    double[] present = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
    if (present.length == 0) {
      throw new IllegalArgumentException("feature '" + name + "': every value is missing");
    }
    DecileBins bins = DecileBins.of(present);
    double[] counts = bins.count(present).counts();
    long[] c = new long[counts.length];
    for (int i = 0; i < c.length; i++) {
      c[i] = (long) counts[i];
    }
    return new FeatureBaseline(
        name,
        Kind.NUMERIC,
        present.length,
        values.length - present.length,
        present[0],
        present[present.length - 1],
        bins,
        List.of(),
        c);
  }

  /** The profile of a categorical column; null is a missing value. */
  public static FeatureBaseline categorical(String name, String[] values) {
    Map<String, Long> counts = new LinkedHashMap<>();
    long missing = 0;
    for (String v : values) {
      if (v == null) {
        missing++;
      } else {
        counts.merge(v, 1L, Long::sum);
      }
    }
    if (counts.isEmpty()) {
      throw new IllegalArgumentException("feature '" + name + "': every value is missing");
    }
    List<String> categories = new ArrayList<>(counts.keySet());
    categories.sort(null);
    long[] c = categories.stream().mapToLong(counts::get).toArray();
    return new FeatureBaseline(
        name,
        Kind.CATEGORICAL,
        values.length - missing,
        missing,
        Double.NaN,
        Double.NaN,
        null,
        categories,
        c);
  }

  /**
   * The category a number stands for, written the same way whether it came from a CSV field or an
   * input tensor: integers without a fraction ({@code 3}, not {@code 3.0}).
   */
  public static String categoryOf(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return Double.toString(value);
  }

  @Override
  public long[] binCounts() {
    return binCounts.clone();
  }

  public double missingRatio() {
    return (double) missing / (count + missing);
  }

  /** Bins live values are counted in: the reference bins, plus "unseen" for a categorical one. */
  public int liveBins() {
    return kind == Kind.NUMERIC ? bins.bins() : categories.size() + 1;
  }

  /** The live bin of a present value. */
  public int binOf(double value) {
    if (kind == Kind.NUMERIC) {
      return bins.binOf(value);
    }
    int i = java.util.Collections.binarySearch(categories, categoryOf(value));
    return i >= 0 ? i : categories.size();
  }

  /** Whether a present value lies outside what training saw (range, or known categories). */
  public boolean outOfRange(double value) {
    if (kind == Kind.NUMERIC) {
      return value < min || value > max;
    }
    return binOf(value) == categories.size();
  }

  /** The reference histogram over the live bins. */
  public Histogram reference() {
    double[] h = new double[liveBins()];
    for (int i = 0; i < binCounts.length; i++) {
      h[i] = binCounts[i];
    }
    return new Histogram(h);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FeatureBaseline f
        && name.equals(f.name)
        && kind == f.kind
        && count == f.count
        && missing == f.missing
        && Double.compare(min, f.min) == 0
        && Double.compare(max, f.max) == 0
        && Objects.equals(bins, f.bins)
        && categories.equals(f.categories)
        && Arrays.equals(binCounts, f.binCounts);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, kind, count, missing, bins, categories, Arrays.hashCode(binCounts));
  }
}
