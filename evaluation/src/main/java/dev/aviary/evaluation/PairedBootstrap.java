package dev.aviary.evaluation;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Percentile confidence intervals of (candidate - champion) for every metric, from resampling the
 * rows with replacement and scoring both models on the same resampled rows (a paired bootstrap), so
 * the row-to-row correlation of the two models is kept. Seeded: the same input gives the same
 * interval.
 */
public final class PairedBootstrap {
  public static final int DEFAULT_RESAMPLES = 1000;
  public static final long DEFAULT_SEED = 42;

  private PairedBootstrap() {}

  /**
   * @param candidate the candidate's metrics given how many times each row was drawn
   * @param champion the champion's metrics given the same counts
   * @return for each metric, {lower, upper} of the central 95% interval (numpy's linear
   *     percentiles); a metric undefined on some resample (NaN) uses the resamples where it is
   *     defined
   */
  public static Map<String, double[]> interval(
      int rows,
      int resamples,
      long seed,
      Function<int[], Map<String, Double>> candidate,
      Function<int[], Map<String, Double>> champion) {
    SplittableRandom random = new SplittableRandom(seed);
    Map<String, double[]> diffs = new LinkedHashMap<>();
    Map<String, Integer> counts = new LinkedHashMap<>();
    int[] idx = new int[rows];
    for (int r = 0; r < resamples; r++) {
      java.util.Arrays.fill(idx, 0);
      for (int i = 0; i < rows; i++) {
        idx[random.nextInt(rows)]++;
      }
      Map<String, Double> a = candidate.apply(idx);
      Map<String, Double> b = champion.apply(idx);
      for (Map.Entry<String, Double> e : a.entrySet()) {
        double d = e.getValue() - b.get(e.getKey());
        if (Double.isNaN(d)) {
          continue;
        }
        double[] values = diffs.computeIfAbsent(e.getKey(), k -> new double[resamples]);
        int c = counts.merge(e.getKey(), 1, Integer::sum);
        values[c - 1] = d;
      }
    }
    Map<String, double[]> out = new LinkedHashMap<>();
    for (Map.Entry<String, double[]> e : diffs.entrySet()) {
      double[] v = Arrays.copyOf(e.getValue(), counts.get(e.getKey()));
      Arrays.sort(v);
      out.put(e.getKey(), new double[] {percentile(v, 2.5), percentile(v, 97.5)});
    }
    return out;
  }

  static double percentile(double[] sorted, double q) {
    double pos = q / 100 * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }
}
