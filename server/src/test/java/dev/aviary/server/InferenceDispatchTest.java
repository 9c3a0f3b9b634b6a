package dev.aviary.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InferenceDispatchTest {
  private static final long LIMIT = 250_000;

  @Test
  void aModelFasterThanTheLimitRunsOnTheReceivingThread() {
    assertThat(InferenceDispatch.runsInline(40_000, 600, LIMIT)).isTrue();
    assertThat(InferenceDispatch.runsInline(LIMIT, 600, LIMIT)).isTrue();
  }

  @Test
  void aSlowerModelIsHandedToAnInferenceThread() {
    assertThat(InferenceDispatch.runsInline(LIMIT + 1, 600, LIMIT)).isFalse();
  }

  @Test
  void aModelNotMeasuredYetIsHandedOff() {
    assertThat(InferenceDispatch.runsInline(-1, 600, LIMIT)).isFalse();
  }

  @Test
  void aLargeBodyIsHandedOffWhateverTheModel() {
    assertThat(
            InferenceDispatch.runsInline(1_000, InferenceDispatch.MAX_INLINE_BODY_BYTES, LIMIT))
        .isTrue();
    assertThat(
            InferenceDispatch.runsInline(
                1_000, InferenceDispatch.MAX_INLINE_BODY_BYTES + 1, LIMIT))
        .isFalse();
  }

  @Test
  void aZeroLimitAlwaysHandsOff() {
    assertThat(InferenceDispatch.runsInline(0, 0, 0)).isFalse();
  }
}
