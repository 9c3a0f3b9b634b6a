package dev.aviary.train;

import java.util.Arrays;

/**
 * Held-out quality of a fraud classifier and the shape of its predictions.
 *
 * @param rows number of scored rows
 * @param accuracy share of rows whose predicted class (fraud iff probability >= threshold) is right
 * @param precision share of flagged rows that are fraud (0 when nothing is flagged)
 * @param recall share of fraud rows that are flagged
 * @param auc area under the ROC curve of the fraud probability (ties count one half)
 * @param logLoss mean negative log-likelihood of the labels (lower is better; punishes
 *     probabilities that are confidently wrong or badly calibrated)
 * @param flaggedRate share of rows flagged as fraud
 * @param meanFraudProbability mean predicted fraud probability
 * @param actualFraudRate share of rows labelled fraud
 */
public record BinaryMetrics(
    int rows,
    double accuracy,
    double precision,
    double recall,
    double auc,
    double logLoss,
    double flaggedRate,
    double meanFraudProbability,
    double actualFraudRate) {

  public static final double DEFAULT_THRESHOLD = 0.5;
  private static final double EPSILON = 1e-15;

  /** Metrics of fraud probabilities against labels, flagging at {@code threshold}. */
  public static BinaryMetrics of(double[] fraudProbability, boolean[] fraud, double threshold) {
    if (fraudProbability.length != fraud.length) {
      throw new IllegalArgumentException(
          "got "
              + fraudProbability.length
              + " probabilities for "
              + fraud.length
              + " labels; they must match");
    }
    int n = fraud.length;
    if (n == 0) {
      throw new IllegalArgumentException("cannot compute metrics of zero rows");
    }
    int tp = 0;
    int fp = 0;
    int fn = 0;
    int positives = 0;
    double sum = 0;
    double logLoss = 0;
    for (int i = 0; i < n; i++) {
      boolean flagged = fraudProbability[i] >= threshold;
      sum += fraudProbability[i];
      double p = Math.min(1 - EPSILON, Math.max(EPSILON, fraudProbability[i]));
      logLoss -= fraud[i] ? Math.log(p) : Math.log(1 - p);
      if (fraud[i]) {
        positives++;
      }
      if (flagged && fraud[i]) {
        tp++;
      } else if (flagged) {
        fp++;
      } else if (fraud[i]) {
        fn++;
      }
    }
    int correct = n - fp - fn;
    return new BinaryMetrics(
        n,
        (double) correct / n,
        tp + fp == 0 ? 0.0 : (double) tp / (tp + fp),
        positives == 0 ? 0.0 : (double) tp / positives,
        auc(fraudProbability, fraud, positives),
        logLoss / n,
        (double) (tp + fp) / n,
        sum / n,
        (double) positives / n);
  }

  /** Mann-Whitney rank statistic: the probability that a random fraud outranks a random legit. */
  private static double auc(double[] score, boolean[] positive, int positives) {
    int n = score.length;
    int negatives = n - positives;
    if (positives == 0 || negatives == 0) {
      return Double.NaN;
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(score[a], score[b]));
    double positiveRankSum = 0;
    int i = 0;
    while (i < n) {
      int j = i;
      while (j + 1 < n && score[order[j + 1]] == score[order[i]]) {
        j++;
      }
      double averageRank = (i + j) / 2.0 + 1.0;
      for (int k = i; k <= j; k++) {
        if (positive[order[k]]) {
          positiveRankSum += averageRank;
        }
      }
      i = j + 1;
    }
    return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
  }
}
