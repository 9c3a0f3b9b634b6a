package dev.aviary.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;

class BinaryMetricsTest {

  @Test
  void countsTheConfusionMatrixAtTheThreshold() {
    double[] p = {0.9, 0.6, 0.4, 0.1, 0.7, 0.2};
    boolean[] fraud = {true, false, true, false, true, false};
    BinaryMetrics m = BinaryMetrics.of(p, fraud, 0.5);
    // flagged: rows 0, 1, 4 -> tp 2, fp 1; missed fraud: row 2.
    assertThat(m.rows()).isEqualTo(6);
    assertThat(m.accuracy()).isCloseTo(4 / 6.0, offset(1e-12));
    assertThat(m.precision()).isCloseTo(2 / 3.0, offset(1e-12));
    assertThat(m.recall()).isCloseTo(2 / 3.0, offset(1e-12));
    assertThat(m.flaggedRate()).isCloseTo(0.5, offset(1e-12));
    assertThat(m.meanFraudProbability()).isCloseTo(2.9 / 6, offset(1e-12));
    assertThat(m.actualFraudRate()).isCloseTo(0.5, offset(1e-12));
    // fraud scores 0.9, 0.4, 0.7 vs legit 0.6, 0.1, 0.2: 8 of 9 pairs ranked right.
    assertThat(m.auc()).isCloseTo(8 / 9.0, offset(1e-12));
    double expectedLogLoss =
        -(Math.log(0.9)
                + Math.log(1 - 0.6)
                + Math.log(0.4)
                + Math.log(1 - 0.1)
                + Math.log(0.7)
                + Math.log(1 - 0.2))
            / 6;
    assertThat(m.logLoss()).isCloseTo(expectedLogLoss, offset(1e-12));
  }

  @Test
  void logLossStaysFiniteForCertainWrongAnswers() {
    BinaryMetrics m = BinaryMetrics.of(new double[] {0.0, 1.0}, new boolean[] {true, false}, 0.5);
    assertThat(m.logLoss()).isFinite().isGreaterThan(30);
  }

  @Test
  void aucIsOneForPerfectRankingAndZeroForReversed() {
    boolean[] fraud = {false, false, true, true};
    assertThat(BinaryMetrics.of(new double[] {0.1, 0.2, 0.8, 0.9}, fraud, 0.5).auc())
        .isEqualTo(1.0);
    assertThat(BinaryMetrics.of(new double[] {0.9, 0.8, 0.2, 0.1}, fraud, 0.5).auc())
        .isEqualTo(0.0);
  }

  @Test
  void tiedScoresCountOneHalf() {
    boolean[] fraud = {false, true};
    assertThat(BinaryMetrics.of(new double[] {0.3, 0.3}, fraud, 0.5).auc()).isEqualTo(0.5);
  }

  @Test
  void precisionIsZeroWhenNothingIsFlaggedAndAucUndefinedWithoutFraud() {
    BinaryMetrics m = BinaryMetrics.of(new double[] {0.1, 0.2}, new boolean[] {false, false}, 0.5);
    assertThat(m.precision()).isZero();
    assertThat(m.recall()).isZero();
    assertThat(m.auc()).isNaN();
  }

  @Test
  void rejectsMismatchedOrEmptyInput() {
    assertThatThrownBy(() -> BinaryMetrics.of(new double[2], new boolean[3], 0.5))
        .hasMessageContaining("2 probabilities for 3 labels");
    assertThatThrownBy(() -> BinaryMetrics.of(new double[0], new boolean[0], 0.5))
        .hasMessageContaining("zero rows");
  }
}
