package dev.aviary.evaluation;

import org.apache.commons.statistics.distribution.NormalDistribution;

/**
 * DeLong's test for the difference of two correlated ROC AUCs on the same rows (DeLong, DeLong and
 * Clarke-Pearson 1988), with the mid-rank computation of Sun and Xu 2014.
 *
 * @param candidateAuc AUC of the candidate's scores
 * @param championAuc AUC of the champion's scores
 * @param z (candidate - champion) / standard error
 * @param p two-sided p-value
 */
public record DeLong(double candidateAuc, double championAuc, double z, double p) {

  public static DeLong test(int[] labels, double[] candidate, double[] champion) {
    int m = 0;
    for (int l : labels) {
      m += l == 1 ? 1 : 0;
    }
    int n = labels.length - m;
    if (m < 2 || n < 2) {
      throw new IllegalArgumentException(
          "DeLong's test needs at least 2 positive and 2 negative rows");
    }
    double[][] v10 = new double[2][m];
    double[][] v01 = new double[2][n];
    double[] auc = new double[2];
    double[][] scores = {candidate, champion};
    for (int k = 0; k < 2; k++) {
      double[] pos = new double[m];
      double[] neg = new double[n];
      int pi = 0;
      int ni = 0;
      for (int i = 0; i < labels.length; i++) {
        if (labels[i] == 1) {
          pos[pi++] = scores[k][i];
        } else {
          neg[ni++] = scores[k][i];
        }
      }
      double[] all = new double[m + n];
      System.arraycopy(pos, 0, all, 0, m);
      System.arraycopy(neg, 0, all, m, n);
      double[] rAll = BinaryMetrics.midRanks(all);
      double[] rPos = BinaryMetrics.midRanks(pos);
      double[] rNeg = BinaryMetrics.midRanks(neg);
      double sum = 0;
      for (int i = 0; i < m; i++) {
        v10[k][i] = (rAll[i] - rPos[i]) / n;
        sum += v10[k][i];
      }
      for (int j = 0; j < n; j++) {
        v01[k][j] = 1 - (rAll[m + j] - rNeg[j]) / m;
      }
      auc[k] = sum / m;
    }
    double var =
        (cov(v10[0], v10[0]) + cov(v10[1], v10[1]) - 2 * cov(v10[0], v10[1])) / m
            + (cov(v01[0], v01[0]) + cov(v01[1], v01[1]) - 2 * cov(v01[0], v01[1])) / n;
    double diff = auc[0] - auc[1];
    if (var <= 0) {
      return new DeLong(auc[0], auc[1], 0, diff == 0 ? 1 : 0);
    }
    double z = diff / Math.sqrt(var);
    double p = 2 * NormalDistribution.of(0, 1).survivalProbability(Math.abs(z));
    return new DeLong(auc[0], auc[1], z, Math.min(1, p));
  }

  /** The candidate's AUC is lower and the test says so at level {@code alpha}. */
  public boolean candidateSignificantlyWorse(double alpha) {
    return candidateAuc < championAuc && p < alpha;
  }

  private static double cov(double[] a, double[] b) {
    double ma = 0;
    double mb = 0;
    for (int i = 0; i < a.length; i++) {
      ma += a[i];
      mb += b[i];
    }
    ma /= a.length;
    mb /= b.length;
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (a[i] - ma) * (b[i] - mb);
    }
    return s / (a.length - 1);
  }
}
