package dev.aviary.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchPolicyTest {
  private static final long MS = 1_000_000;

  record Q(Object key, int rows, long arrivalNanos) implements BatchPolicy.Queued {}

  private final BatchPolicy policy = new BatchPolicy(8, 2 * MS, 2);

  private static List<Q> queue(Q... q) {
    return new ArrayList<>(List.of(q));
  }

  @Test
  void emptyQueueIsIdle() {
    assertThat(policy.next(queue(), 0, 0)).isEqualTo(new BatchPolicy.Decision.Idle());
  }

  @Test
  void aLoneRequestToAnIdleModelGoesAtOnce() {
    assertThat(policy.next(queue(new Q("a", 1, 100)), 0, 100))
        .isEqualTo(new BatchPolicy.Decision.Dispatch(1));
  }

  @Test
  void everythingQueuedForAnIdleModelGoesTogether() {
    assertThat(policy.next(queue(new Q("a", 1, 0), new Q("a", 3, 5)), 0, 10))
        .isEqualTo(new BatchPolicy.Decision.Dispatch(2));
  }

  @Test
  void whileAnotherBatchRunsAGrowableBatchWaitsUntilItsOldestRequestsDelayIsUp() {
    assertThat(policy.next(queue(new Q("a", 1, 10), new Q("a", 1, 20)), 1, 15))
        .isEqualTo(new BatchPolicy.Decision.WaitUntil(10 + 2 * MS));
    assertThat(policy.next(queue(new Q("a", 1, 10), new Q("a", 1, 20)), 1, 10 + 2 * MS))
        .isEqualTo(new BatchPolicy.Decision.Dispatch(2));
  }

  @Test
  void aFullBatchGoesWithoutWaiting() {
    assertThat(policy.next(queue(new Q("a", 5, 0), new Q("a", 3, 0), new Q("a", 1, 0)), 1, 0))
        .isEqualTo(new BatchPolicy.Decision.Dispatch(2));
  }

  @Test
  void aRequestThatWouldOverflowTheBatchWaitsForTheNextOne() {
    assertThat(policy.next(queue(new Q("a", 5, 0), new Q("a", 4, 0)), 1, 0))
        .isEqualTo(new BatchPolicy.Decision.Dispatch(1));
  }

  @Test
  void aRequestLargerThanTheMaximumGoesAlone() {
    assertThat(policy.next(queue(new Q("a", 20, 0), new Q("a", 1, 0)), 0, 0))
        .isEqualTo(new BatchPolicy.Decision.Dispatch(1));
  }

  @Test
  void anIncompatibleRequestEndsTheBatchAndKeepsArrivalOrder() {
    assertThat(policy.next(queue(new Q("a", 1, 0), new Q("b", 1, 0), new Q("a", 1, 0)), 1, 0))
        .isEqualTo(new BatchPolicy.Decision.Dispatch(1));
  }

  @Test
  void nothingStartsWhileEverySlotIsBusy() {
    assertThat(policy.next(queue(new Q("a", 8, 0)), 2, 10 * MS))
        .isEqualTo(new BatchPolicy.Decision.Idle());
  }

  @Test
  void withoutADelayABatchGoesAsSoonAsASlotIsFree() {
    BatchPolicy noDelay = new BatchPolicy(8, 0, 2);
    assertThat(noDelay.next(queue(new Q("a", 1, 50)), 1, 50))
        .isEqualTo(new BatchPolicy.Decision.Dispatch(1));
  }

  @Test
  void settingsAreChecked() {
    assertThatThrownBy(() -> new BatchPolicy(0, 0, 1)).hasMessageContaining("max batch size");
    assertThatThrownBy(() -> new BatchPolicy(1, -1, 1)).hasMessageContaining("delay");
    assertThatThrownBy(() -> new BatchPolicy(1, 0, 0)).hasMessageContaining("slots");
  }
}
