package dev.aviary.monitor;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every measure that applies to one column, by the names reports use ({@code ks_statistic}, {@code
 * psi}, ...), in a fixed order. Non-finite values are kept as they are (an unseen category makes
 * the goodness-of-fit statistic infinite).
 */
public record ColumnStatistics(
    ColumnType type, int referenceSize, int currentSize, Map<String, Double> values) {

  public ColumnStatistics {
    values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /** A numerical column; the arrays are sorted in place. */
  public static ColumnStatistics numerical(double[] reference, double[] current) {
    Arrays.sort(reference);
    Arrays.sort(current);
    TwoSample.Significance ks = TwoSample.kolmogorovSmirnov(reference, current);
    double w = TwoSample.wasserstein(reference, current);
    double sd = TwoSample.standardDeviation(reference);
    DecileBins bins = DecileBins.of(reference);
    Histogram r = bins.count(reference);
    Histogram c = bins.count(current);
    Map<String, Double> v = new LinkedHashMap<>();
    v.put("ks_statistic", ks.statistic());
    v.put("ks_pvalue", ks.pValue());
    v.put("wasserstein", w);
    // a constant reference has no spread to norm by: any move is infinitely far, none is 0
    v.put("wasserstein_normed", sd > 0 ? w / sd : (w == 0 ? 0 : Double.POSITIVE_INFINITY));
    v.put("psi", DriftMeasure.PSI.measure(r, c));
    v.put("js_distance", DriftMeasure.JENSEN_SHANNON.measure(r, c));
    return new ColumnStatistics(ColumnType.NUMERICAL, reference.length, current.length, v);
  }

  /** A categorical column: the values as they are (categories compared as exact strings). */
  public static ColumnStatistics categorical(String[] reference, String[] current) {
    Map<String, long[]> counts = new TreeMap<>();
    count(reference, 0, counts);
    count(current, 1, counts);
    long[] r = counts.values().stream().mapToLong(a -> a[0]).toArray();
    long[] c = counts.values().stream().mapToLong(a -> a[1]).toArray();
    TwoSample.Significance gof = Categories.goodnessOfFit(r, c);
    TwoSample.Significance cont = Categories.contingency(r, c);
    Map<String, Double> v = new LinkedHashMap<>();
    v.put("chi2_gof_statistic", gof.statistic());
    v.put("chi2_gof_pvalue", gof.pValue());
    v.put("chi2_contingency_statistic", cont.statistic());
    v.put("chi2_contingency_pvalue", cont.pValue());
    v.put("psi", DriftMeasure.PSI.measure(histogram(r), histogram(c)));
    v.put("js_distance", DriftMeasure.JENSEN_SHANNON.measure(histogram(r), histogram(c)));
    return new ColumnStatistics(ColumnType.CATEGORICAL, reference.length, current.length, v);
  }

  private static void count(String[] values, int side, Map<String, long[]> into) {
    for (String s : values) {
      into.computeIfAbsent(s, k -> new long[2])[side]++;
    }
  }

  private static Histogram histogram(long[] counts) {
    return Histogram.of(Arrays.stream(counts).asDoubleStream().toArray());
  }

  /** The value the measure decides on: the p-value of a test, else the distance. */
  public double decidingValue(ColumnMeasure measure) {
    String key =
        switch (measure) {
          case KS -> "ks_pvalue";
          case WASSERSTEIN_NORMED -> "wasserstein_normed";
          case PSI -> "psi";
          case JS -> "js_distance";
          case CHI2_GOF -> "chi2_gof_pvalue";
          case CHI2_CONTINGENCY -> "chi2_contingency_pvalue";
        };
    Double v = values.get(key);
    if (v == null) {
      throw new IllegalArgumentException(
          "no " + key + " among the statistics of this column: " + values.keySet());
    }
    return v;
  }
}
