package dev.aviary.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aviary.local.ProbeState.Change;
import dev.aviary.local.ProbeState.Readiness;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ProbeStateTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  /** Readiness every 1 s from 2 s, threshold 2; liveness every 5 s from 0 s, threshold 3. */
  private static ReplicaSpec spec() {
    return new ReplicaSpec(
        "fraud",
        "fraud-abc",
        Path.of("model.onnx"),
        null,
        "fraud",
        "1",
        List.of(),
        Map.of(),
        new ProbeSettings("/readyz", Duration.ofSeconds(2), Duration.ofSeconds(1), null, 2),
        new ProbeSettings("/healthz", Duration.ZERO, Duration.ofSeconds(5), null, 3));
  }

  private static Instant at(double seconds) {
    return T0.plusMillis((long) (seconds * 1000));
  }

  @Nested
  @DisplayName("when probes are sent")
  class Schedule {
    @Test
    void each_probe_waits_its_initial_delay_then_runs_every_period() {
      ProbeState p = ProbeState.started(spec(), T0);
      assertThat(p.takeLivenessProbe(at(0))).isTrue();
      assertThat(p.takeReadinessProbe(at(0))).isFalse();
      assertThat(p.takeReadinessProbe(at(1.9))).isFalse();
      assertThat(p.takeReadinessProbe(at(2))).isTrue();
      p.readinessResult(false, at(2.1));
      p.livenessResult(true, at(0.1));
      assertThat(p.takeReadinessProbe(at(2.9))).isFalse();
      assertThat(p.takeReadinessProbe(at(3))).isTrue();
      assertThat(p.takeLivenessProbe(at(4.9))).isFalse();
      assertThat(p.takeLivenessProbe(at(5))).isTrue();
    }

    @Test
    void no_second_probe_is_sent_while_one_is_in_flight() {
      ProbeState p = ProbeState.started(spec(), T0);
      assertThat(p.takeLivenessProbe(at(0))).isTrue();
      assertThat(p.takeLivenessProbe(at(6))).isFalse();
      assertThat(p.takeLivenessProbe(at(11))).isFalse();
      p.livenessResult(true, at(11));
      assertThat(p.takeLivenessProbe(at(11))).isTrue();
    }
  }

  @Nested
  @DisplayName("readiness")
  class ReadinessTransitions {
    @Test
    void a_started_process_is_starting_until_a_readiness_probe_succeeds() {
      ProbeState p = ProbeState.started(spec(), T0);
      assertThat(p.readiness()).isEqualTo(Readiness.Starting);
      assertThat(p.readinessResult(false, at(2))).isEqualTo(Change.NONE);
      assertThat(p.readinessResult(false, at(3))).isEqualTo(Change.NONE);
      assertThat(p.readiness()).isEqualTo(Readiness.Starting);
      assertThat(p.readinessResult(true, at(4))).isEqualTo(Change.BECAME_READY);
      assertThat(p.ready()).isTrue();
      assertThat(p.readySince()).isEqualTo(at(4));
      assertThat(p.readinessResult(true, at(5))).isEqualTo(Change.NONE);
      assertThat(p.readySince()).isEqualTo(at(4));
    }

    @Test
    void a_ready_process_turns_not_ready_only_after_the_failure_threshold_in_a_row() {
      ProbeState p = ProbeState.started(spec(), T0);
      p.readinessResult(true, at(2));
      assertThat(p.readinessResult(false, at(3))).isEqualTo(Change.NONE);
      assertThat(p.readinessResult(true, at(4))).isEqualTo(Change.NONE);
      assertThat(p.readinessResult(false, at(5))).isEqualTo(Change.NONE);
      assertThat(p.ready()).isTrue();
      assertThat(p.readinessResult(false, at(6))).isEqualTo(Change.BECAME_NOT_READY);
      assertThat(p.readiness()).isEqualTo(Readiness.NotReady);
      assertThat(p.readinessResult(false, at(7))).isEqualTo(Change.NONE);
    }

    @Test
    void a_not_ready_process_is_ready_again_after_one_success() {
      ProbeState p = ProbeState.started(spec(), T0);
      p.readinessResult(true, at(2));
      p.readinessResult(false, at(3));
      p.readinessResult(false, at(4));
      assertThat(p.readinessResult(true, at(5))).isEqualTo(Change.BECAME_READY);
      assertThat(p.readySince()).isEqualTo(at(5));
    }

    @Test
    void an_adopted_process_keeps_what_it_answered_at_adoption() {
      assertThat(ProbeState.adopted(spec(), T0, true).ready()).isTrue();
      assertThat(ProbeState.adopted(spec(), T0, true).readySince()).isEqualTo(T0);
      assertThat(ProbeState.adopted(spec(), T0, false).readiness()).isEqualTo(Readiness.Starting);
    }
  }

  @Nested
  @DisplayName("liveness")
  class Liveness {
    @Test
    void failures_before_the_first_success_do_not_count_the_startup_timeout_does() {
      ProbeState p = ProbeState.started(spec(), T0);
      for (int i = 0; i < 10; i++) {
        assertThat(p.livenessResult(false, at(i * 5))).isEqualTo(Change.NONE);
      }
      assertThat(p.startupTimedOut(at(90))).isFalse();
      assertThat(p.startupTimedOut(at(90.001))).isTrue();
    }

    @Test
    void the_first_success_makes_it_live_and_stops_the_startup_timeout() {
      ProbeState p = ProbeState.started(spec(), T0);
      assertThat(p.livenessResult(true, at(30))).isEqualTo(Change.LIVE);
      assertThat(p.livenessResult(true, at(35))).isEqualTo(Change.NONE);
      assertThat(p.startupTimedOut(at(3600))).isFalse();
    }

    @Test
    void a_live_process_is_dead_after_the_failure_threshold_in_a_row() {
      ProbeState p = ProbeState.started(spec(), T0);
      p.livenessResult(true, at(0));
      p.livenessResult(false, at(5));
      p.livenessResult(false, at(10));
      assertThat(p.livenessResult(true, at(15))).isEqualTo(Change.NONE);
      p.livenessResult(false, at(20));
      p.livenessResult(false, at(25));
      assertThat(p.livenessResult(false, at(30))).isEqualTo(Change.DEAD);
      assertThat(p.livenessFailures()).isEqualTo(3);
    }

    @Test
    void an_adopted_process_counts_as_live_already() {
      ProbeState p = ProbeState.adopted(spec(), T0, false);
      assertThat(p.startupTimedOut(at(3600))).isFalse();
      p.livenessResult(false, at(5));
      p.livenessResult(false, at(10));
      assertThat(p.livenessResult(false, at(15))).isEqualTo(Change.DEAD);
    }
  }
}
