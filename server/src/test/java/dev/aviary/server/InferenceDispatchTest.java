package dev.aviary.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InferenceDispatchTest {
  private static final long LIMIT = 250_000;

  @Test
  void aModelFasterThanTheLimitRunsOnTheReceivingThread() {
    assertThat(InferenceDispatch.runsInline(false, 40_000, 600, LIMIT)).isTrue();
    assertThat(InferenceDispatch.runsInline(false, LIMIT, 600, LIMIT)).isTrue();
  }

  @Test
  void aSlowerModelIsHandedToAnInferenceThread() {
    assertThat(InferenceDispatch.runsInline(false, LIMIT + 1, 600, LIMIT)).isFalse();
  }

  @Test
  void aModelNotMeasuredYetIsHandedOff() {
    assertThat(InferenceDispatch.runsInline(false, -1, 600, LIMIT)).isFalse();
  }

  @Test
  void aLargeBodyIsHandedOffWhateverTheModel() {
    assertThat(
            InferenceDispatch.runsInline(
                false, 1_000, InferenceDispatch.MAX_INLINE_BODY_BYTES, LIMIT))
        .isTrue();
    assertThat(
            InferenceDispatch.runsInline(
                false, 1_000, InferenceDispatch.MAX_INLINE_BODY_BYTES + 1, LIMIT))
        .isFalse();
  }

  @Test
  void aZeroLimitAlwaysHandsOff() {
    assertThat(InferenceDispatch.runsInline(false, 0, 0, 0)).isFalse();
  }

  @Test
  void aBatchedModelIsQueuedFromTheReceivingThreadWhateverTheLimit() {
    // Only decoding and queueing happen there; the batch threads run the model.
    assertThat(InferenceDispatch.runsInline(true, -1, 600, 0)).isTrue();
    assertThat(InferenceDispatch.runsInline(true, 10 * LIMIT, 600, LIMIT)).isTrue();
  }

  @Test
  void aLargeBodyForABatchedModelIsStillDecodedOffTheReceivingThread() {
    assertThat(
            InferenceDispatch.runsInline(
                true, -1, InferenceDispatch.MAX_INLINE_BODY_BYTES + 1, LIMIT))
        .isFalse();
  }
}
