package dev.aviary.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProbabilityRowsTest {

  private static Tensor fp32(long rows, long columns, float... data) {
    return new Tensor("p", Datatype.FP32, new long[] {rows, columns}, data);
  }

  @Test
  void softmaxRowsAreProbabilities() {
    assertThat(ProbabilityRows.matches(fp32(2, 2, 0.1f, 0.9f, 0.75f, 0.25f))).isTrue();
  }

  @Test
  void rowsThatDoNotSumToOneAreScores() {
    assertThat(ProbabilityRows.matches(fp32(1, 2, 0.3f, 0.3f))).isFalse();
  }

  @Test
  void valuesOutsideTheUnitIntervalAreScores() {
    assertThat(ProbabilityRows.matches(fp32(1, 2, 1.5f, -0.5f))).isFalse();
  }

  @Test
  void aSingleColumnOrOtherRankIsNotAClassProbabilityTensor() {
    assertThat(ProbabilityRows.matches(fp32(2, 1, 1f, 1f))).isFalse();
    assertThat(
            ProbabilityRows.matches(
                new Tensor("p", Datatype.FP32, new long[] {2}, new float[] {0.5f, 0.5f})))
        .isFalse();
    assertThat(
            ProbabilityRows.matches(
                new Tensor("p", Datatype.INT64, new long[] {1, 2}, new long[] {0, 1})))
        .isFalse();
  }

  @Test
  void nanIsNeverAProbability() {
    assertThat(ProbabilityRows.matches(fp32(1, 2, Float.NaN, 1f))).isFalse();
  }

  @Test
  void argmaxPicksTheMostProbableColumnAndTheFirstOnTies() {
    Tensor t = fp32(3, 3, 0.2f, 0.5f, 0.3f, 0.6f, 0.2f, 0.2f, 0.4f, 0.4f, 0.2f);
    assertThat(ProbabilityRows.argmax(t, 0)).isEqualTo(1);
    assertThat(ProbabilityRows.argmax(t, 1)).isEqualTo(0);
    assertThat(ProbabilityRows.argmax(t, 2)).isEqualTo(0);
  }
}
