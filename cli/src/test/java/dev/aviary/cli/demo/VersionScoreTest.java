package dev.aviary.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class VersionScoreTest {

  @Test
  void countsFlagsAccuracyAndRecallAtTheThreshold() {
    double[] probability = {0.9, 0.5, 0.49, 0.1};
    boolean[] fraud = {true, false, true, false};

    VersionScore score = VersionScore.of("2", probability, fraud);

    assertThat(score.rows()).isEqualTo(4);
    assertThat(score.flaggedRate()).isEqualTo(0.5);
    assertThat(score.meanFraudProbability()).isCloseTo(0.4975, within(1e-9));
    assertThat(score.accuracy()).isEqualTo(0.5);
    assertThat(score.recall()).isEqualTo(0.5);
  }

  @Test
  void recallIsUndefinedWithoutFraud() {
    assertThat(VersionScore.of("1", new double[] {0.7}, new boolean[] {false}).recall()).isNaN();
  }

  @Test
  void rejectsMismatchedInputs() {
    assertThatThrownBy(() -> VersionScore.of("1", new double[] {0.1}, new boolean[] {true, false}))
        .hasMessageContaining("1 probabilities and 2 labels");
  }
}
