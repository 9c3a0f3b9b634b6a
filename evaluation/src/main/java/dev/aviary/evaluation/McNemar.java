package dev.aviary.evaluation;

import org.apache.commons.statistics.distribution.BinomialDistribution;
import org.apache.commons.statistics.distribution.ChiSquaredDistribution;

/**
 * McNemar's test on the rows where exactly one of two models is right.
 *
 * @param candidateOnly rows the candidate gets right and the champion wrong
 * @param championOnly rows the champion gets right and the candidate wrong
 * @param exactP two-sided exact (binomial) p-value
 * @param correctedP p-value of the continuity-corrected chi-squared statistic
 */
public record McNemar(int candidateOnly, int championOnly, double exactP, double correctedP) {

  public static McNemar test(boolean[] candidateCorrect, boolean[] championCorrect) {
    int b = 0;
    int c = 0;
    for (int i = 0; i < candidateCorrect.length; i++) {
      if (candidateCorrect[i] && !championCorrect[i]) {
        b++;
      } else if (!candidateCorrect[i] && championCorrect[i]) {
        c++;
      }
    }
    int n = b + c;
    if (n == 0) {
      return new McNemar(0, 0, 1, 1);
    }
    double exact =
        Math.min(1, 2 * BinomialDistribution.of(n, 0.5).cumulativeProbability(Math.min(b, c)));
    double chi2 = Math.pow(Math.max(Math.abs(b - c) - 1, 0), 2) / n;
    double corrected = ChiSquaredDistribution.of(1).survivalProbability(chi2);
    return new McNemar(b, c, exact, corrected);
  }

  /** The candidate is wrong on more rows and the exact test says so at level {@code alpha}. */
  public boolean candidateSignificantlyWorse(double alpha) {
    return championOnly > candidateOnly && exactP < alpha;
  }
}
