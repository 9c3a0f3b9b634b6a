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
    int tp = 0;
    int fp = 0;
    int fn = 0;
    int tn = 0;
    double logLoss = 0;
    double brier = 0;
    for (int i = 0; i < labels.length; i++) {
      boolean predicted = p[i] >= threshold;
      boolean actual = labels[i] == 1;
      if (predicted && actual) {
        tp++;
      } else if (predicted) {
        fp++;
      } else if (actual) {
        fn++;
      } else {
        tn++;
      }
      double q = Math.min(Math.max(p[i], EPS), 1 - EPS);
      logLoss -= actual ? Math.log(q) : Math.log(1 - q);
      brier += (p[i] - labels[i]) * (p[i] - labels[i]);
    }
    int n = labels.length;
    double precision = tp + fp == 0 ? 0 : (double) tp / (tp + fp);
    double recall = tp + fn == 0 ? 0 : (double) tp / (tp + fn);
    double f1 = 2.0 * tp + fp + fn == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("accuracy", (double) (tp + tn) / n);
    m.put("precision", precision);
    m.put("recall", recall);
    m.put("f1", f1);
    m.put("auc", auc(labels, p));
    m.put("prAuc", averagePrecision(labels, p));
    m.put("logLoss", logLoss / n);
    m.put("brier", brier / n);
    return m;
  }

  /** Area under the ROC curve by the Mann-Whitney statistic, ties counting one half. */
  public static double auc(int[] labels, double[] p) {
    double[] ranks = midRanks(p);
    long positives = Arrays.stream(labels).filter(l -> l == 1).count();
    long negatives = labels.length - positives;
    if (positives == 0 || negatives == 0) {
      return Double.NaN;
    }
    double rankSum = 0;
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] == 1) {
        rankSum += ranks[i];
      }
    }
    return (rankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
  }

  /**
   * Average precision as scikit-learn computes it: the sum over distinct thresholds, highest first,
   * of (R_n - R_{n-1}) * P_n, with no interpolation.
   */
  public static double averagePrecision(int[] labels, double[] p) {
    Integer[] order = descending(p);
    long positives = Arrays.stream(labels).filter(l -> l == 1).count();
    if (positives == 0) {
      return Double.NaN;
    }
    double ap = 0;
    double previousRecall = 0;
    int tp = 0;
    int seen = 0;
    for (int k = 0; k < order.length; k++) {
      int i = order[k];
      seen++;
      tp += labels[i];
      if (k + 1 < order.length && p[order[k + 1]] == p[i]) {
        continue;
      }
      double recall = (double) tp / positives;
      ap += (recall - previousRecall) * ((double) tp / seen);
      previousRecall = recall;
    }
    return ap;
  }

  static Integer[] descending(double[] p) {
    Integer[] order = new Integer[p.length];
    for (int i = 0; i < p.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(p[b], p[a]));
    return order;
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
