package dev.aviary.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The open-loop schedule with a fake clock: times are plain nanosecond values. */
class OpenLoopPacerTest {

  private static final long MS = 1_000_000L;
  private static final long S = 1_000_000_000L;
  // A start far from zero, as System.nanoTime() values are; negative on purpose.
  private static final long T0 = -5 * S;

  @Test
  void requestsAreDueOnAFixedScheduleThatDoesNotDrift() {
    OpenLoopPacer p = new OpenLoopPacer(3, T0, T0, T0 + 10 * S, 100, MS);

    assertThat(p.intendedAt(0)).isEqualTo(T0);
    assertThat(p.intendedAt(1)).isEqualTo(T0 + 333_333_333);
    assertThat(p.intendedAt(2)).isEqualTo(T0 + 666_666_666);
    assertThat(p.intendedAt(3)).isEqualTo(T0 + S);
    // No rounding error accumulates over many periods.
    assertThat(p.intendedAt(3_000_000)).isEqualTo(T0 + 1_000_000 * S);
    assertThat(p.scheduled()).isEqualTo(30);
  }

  @Test
  void sendsEachRequestWhenItIsDueAndNotBefore() {
    OpenLoopPacer p = new OpenLoopPacer(1000, T0, T0, T0 + S, 100, MS);

    assertThat(p.poll(T0)).isEqualTo(new OpenLoopPacer.Batch(0, 1));
    assertThat(p.nextPollAt()).isEqualTo(T0 + MS);
    assertThat(p.poll(T0 + MS - 1).count()).isZero();
    assertThat(p.poll(T0 + MS)).isEqualTo(new OpenLoopPacer.Batch(1, 1));
    assertThat(p.late()).isZero();
    assertThat(p.maxLagNanos()).isZero();
  }

  @Test
  void aStalledSenderCatchesUpAtOnceAndCountsTheRequestsLate() {
    OpenLoopPacer p = new OpenLoopPacer(1000, T0, T0, T0 + S, 100, MS);
    p.poll(T0);

    // 10 ms without a poll (say the generator's thread waited for a CPU): 10 requests are due.
    OpenLoopPacer.Batch b = p.poll(T0 + 10 * MS);

    assertThat(b).isEqualTo(new OpenLoopPacer.Batch(1, 10));
    assertThat(p.sent()).isEqualTo(11);
    // Requests 1..8 are more than 1 ms behind, 9 exactly 1 ms and 10 on time.
    assertThat(p.late()).isEqualTo(8);
    assertThat(p.maxLagNanos()).isEqualTo(9 * MS);
  }

  @Test
  void neverHasMoreThanTheBoundOutstandingAndSendsAsSoonAsASlotFrees() {
    OpenLoopPacer p = new OpenLoopPacer(1000, T0, T0, T0 + S, 2, MS);

    assertThat(p.poll(T0 + 5 * MS).count()).isEqualTo(2);
    assertThat(p.outstanding()).isEqualTo(2);
    assertThat(p.nextPollAt()).isEqualTo(Long.MAX_VALUE);
    assertThat(p.poll(T0 + 6 * MS).count()).isZero();

    p.completed();
    OpenLoopPacer.Batch b = p.poll(T0 + 7 * MS);

    assertThat(b).isEqualTo(new OpenLoopPacer.Batch(2, 1));
    assertThat(p.outstanding()).isEqualTo(2);
    assertThat(p.maxLagNanos()).isEqualTo(5 * MS);
    assertThat(p.finished(T0 + 7 * MS)).isFalse();
  }

  @Test
  void theEndWithEverySlotTakenAbandonsTheRestAsUnsent() {
    OpenLoopPacer p = new OpenLoopPacer(100, T0, T0, T0 + S, 3, MS);
    p.poll(T0);
    p.poll(T0 + 10 * MS);
    p.poll(T0 + 20 * MS);

    assertThat(p.finished(T0 + S - 1)).isFalse();
    assertThat(p.finished(T0 + S)).isTrue();
    assertThat(p.scheduled()).isEqualTo(100);
    assertThat(p.sent()).isEqualTo(3);
    assertThat(p.unsent()).isEqualTo(97);
  }

  @Test
  void requestsDueJustBeforeTheEndAreStillSentAfterIt() {
    OpenLoopPacer p = new OpenLoopPacer(10, T0, T0, T0 + S, 100, MS);

    OpenLoopPacer.Batch b = p.poll(T0 + S + 50 * MS);

    assertThat(b.count()).isEqualTo(10);
    assertThat(p.finished(T0 + S + 50 * MS)).isTrue();
    assertThat(p.unsent()).isZero();
    assertThat(p.nextPollAt()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void warmUpRequestsAreSentButNotCounted() {
    OpenLoopPacer p = new OpenLoopPacer(100, T0, T0 + S, T0 + 3 * S, 1000, MS);

    assertThat(p.scheduled()).isEqualTo(200);
    assertThat(p.measured(99)).isFalse();
    assertThat(p.measured(100)).isTrue();
    assertThat(p.intendedAt(100)).isEqualTo(T0 + S);

    // Everything due in the warm-up goes out 500 ms late: none of it shows in the counts.
    assertThat(p.poll(T0 + 1500 * MS).count()).isEqualTo(151);
    assertThat(p.sent()).isEqualTo(51);
    assertThat(p.late()).isEqualTo(50);
    assertThat(p.maxLagNanos()).isEqualTo(500 * MS);
  }

  @Test
  void rejectsANonPositiveRateAnInvertedWindowAndNoSlots() {
    assertThatThrownBy(() -> new OpenLoopPacer(0, T0, T0, T0 + S, 1, MS))
        .hasMessageContaining("rate must be > 0");
    assertThatThrownBy(() -> new OpenLoopPacer(Double.NaN, T0, T0, T0 + S, 1, MS))
        .hasMessageContaining("rate must be > 0");
    assertThatThrownBy(() -> new OpenLoopPacer(1, T0, T0 + S, T0, 1, MS))
        .hasMessageContaining("windowStart < end");
    assertThatThrownBy(() -> new OpenLoopPacer(1, T0 + S, T0, T0 + S, 1, MS))
        .hasMessageContaining("start < end");
    assertThatThrownBy(() -> new OpenLoopPacer(1, T0, T0, T0 + S, 0, MS))
        .hasMessageContaining("max outstanding must be >= 1");
  }

  @Test
  void aStartAfterTheWindowStartMeasuresEveryRequest() {
    // A lane offset into a window that has no warm-up.
    OpenLoopPacer p = new OpenLoopPacer(10, T0 + 5 * MS, T0, T0 + S, 100, MS);
    assertThat(p.scheduled()).isEqualTo(10);
    assertThat(p.measured(0)).isTrue();
    assertThat(p.poll(T0 + 5 * MS).count()).isEqualTo(1);
    assertThat(p.sent()).isEqualTo(1);
  }

  @Test
  void completingMoreThanWasSentIsABug() {
    OpenLoopPacer p = new OpenLoopPacer(1, T0, T0, T0 + S, 1, MS);
    assertThatThrownBy(p::completed).isInstanceOf(IllegalStateException.class);
  }
}
