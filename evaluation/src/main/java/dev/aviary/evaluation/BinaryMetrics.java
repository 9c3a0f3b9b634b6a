package dev.aviary.evaluation;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Metrics of a binary classifier's positive-class probabilities against 0/1 labels, with the
 * definitions of scikit-learn: the positive class is predicted iff probability >= threshold.
 */
public final class BinaryMetrics {
  /** The metric names, in report order. */
  public static final java.util.List<String> NAMES =
      java.util.List.of(
          "accuracy", "precision", "recall", "f1", "auc", "prAuc", "logLoss", "brier");

  /** The smallest probability log loss uses, as scikit-learn's float64 clipping. */
  static final double EPS = Math.ulp(1.0);

  private BinaryMetrics() {}

  /** Every metric of {@link #NAMES}; precision, recall and F1 are 0 when undefined. */
  public static Map<String, Double> compute(int[] labels, double[] p, double threshold) {
    int[] once = new int[labels.length];
    Arrays.fill(once, 1);
    return compute(labels, p, threshold, once, descending(p));
  }

  /**
   * The metrics of the rows taken {@code counts[i]} times each (a bootstrap resample), with {@code
   * order} the row indices by descending probability: sorting once lets every resample be scored in
   * linear time.
   */
  public static Map<String, Double> compute(
      int[] labels, double[] p, double threshold, int[] counts, int[] order) {
    long tp = 0;
    long fp = 0;
    long fn = 0;
    long tn = 0;
    long n = 0;
    long positives = 0;
    double logLoss = 0;
    double brier = 0;
    for (int i = 0; i < labels.length; i++) {
      int w = counts[i];
      if (w == 0) {
        continue;
      }
      boolean predicted = p[i] >= threshold;
      boolean actual = labels[i] == 1;
      if (predicted && actual) {
        tp += w;
      } else if (predicted) {
        fp += w;
      } else if (actual) {
        fn += w;
      } else {
        tn += w;
      }
      n += w;
      positives += actual ? w : 0;
      double q = Math.min(Math.max(p[i], EPS), 1 - EPS);
      logLoss -= w * (actual ? Math.log(q) : Math.log(1 - q));
      brier += w * (p[i] - labels[i]) * (p[i] - labels[i]);
    }
    long negatives = n - positives;
    double precision = tp + fp == 0 ? 0 : (double) tp / (tp + fp);
    double recall = tp + fn == 0 ? 0 : (double) tp / (tp + fn);
    double f1 = 2.0 * tp + fp + fn == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
    // One pass from the highest probability down, a group of tied values at a time: ROC AUC as
    // the share of (positive, negative) pairs ranked right, ties counting one half, and average
    // precision as scikit-learn computes it, sum over thresholds of (R_n - R_{n-1}) * P_n.
    double pairs = 0;
    double ap = 0;
    double previousRecall = 0;
    long seenTp = 0;
    long seen = 0;
    long negativesAbove = 0;
    int k = 0;
    while (k < order.length) {
      int end = k;
      long groupPos = 0;
      long groupNeg = 0;
      while (end < order.length && p[order[end]] == p[order[k]]) {
        int i = order[end++];
        if (labels[i] == 1) {
          groupPos += counts[i];
        } else {
          groupNeg += counts[i];
        }
      }
      pairs += groupPos * (negatives - negativesAbove - groupNeg + 0.5 * groupNeg);
      negativesAbove += groupNeg;
      seenTp += groupPos;
      seen += groupPos + groupNeg;
      if (seen > 0 && positives > 0) {
        double r = (double) seenTp / positives;
        ap += (r - previousRecall) * ((double) seenTp / seen);
        previousRecall = r;
      }
      k = end;
    }
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("accuracy", (double) (tp + tn) / n);
    m.put("precision", precision);
    m.put("recall", recall);
    m.put("f1", f1);
    m.put(
        "auc",
        positives == 0 || negatives == 0 ? Double.NaN : pairs / ((double) positives * negatives));
    m.put("prAuc", positives == 0 ? Double.NaN : ap);
    m.put("logLoss", logLoss / n);
    m.put("brier", brier / n);
    return m;
  }

  /** Row indices by descending value. */
  public static int[] descending(double[] p) {
    Integer[] order = new Integer[p.length];
    for (int i = 0; i < p.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(p[b], p[a]));
    return Arrays.stream(order).mapToInt(Integer::intValue).toArray();
  }

  /** Ranks 1..n of {@code x} ascending, tied values sharing their mean rank. */
  static double[] midRanks(double[] x) {
    Integer[] order = new Integer[x.length];
    for (int i = 0; i < x.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(x[a], x[b]));
    double[] ranks = new double[x.length];
    int i = 0;
    while (i < x.length) {
      int j = i;
      while (j + 1 < x.length && x[order[j + 1]] == x[order[i]]) {
        j++;
      }
      double mid = (i + j) / 2.0 + 1;
      for (int k = i; k <= j; k++) {
        ranks[order[k]] = mid;
      }
      i = j + 1;
    }
    return ranks;
  }
}
