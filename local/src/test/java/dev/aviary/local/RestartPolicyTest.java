package dev.aviary.local;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RestartPolicyTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private final RestartPolicy policy = RestartPolicy.DEFAULT;

  /** Fails a replica {@code times} times in a row, each right when its restart was due. */
  private RestartPolicy.Restart failRepeatedly(int times) {
    Instant now = T0;
    RestartPolicy.Restart last = null;
    int restarts = 0;
    for (int i = 0; i < times; i++) {
      last = policy.afterFailure(restarts, now);
      restarts = last.restarts();
      now = last.at();
    }
    return last;
  }

  @Nested
  @DisplayName("backoff")
  class Backoff {
    @Test
    void the_first_failure_restarts_after_one_second() {
      RestartPolicy.Restart r = policy.afterFailure(0, T0);
      assertThat(r.delay()).isEqualTo(ofSeconds(1));
      assertThat(r.at()).isEqualTo(T0.plusSeconds(1));
      assertThat(r.restarts()).isEqualTo(1);
      assertThat(r.reason()).isEqualTo("ReplicaRestarting");
    }

    @Test
    void each_failure_in_a_row_doubles_the_delay_up_to_a_minute() {
      assertThat(failRepeatedly(2).delay()).isEqualTo(ofSeconds(2));
      assertThat(failRepeatedly(4).delay()).isEqualTo(ofSeconds(8));
      assertThat(failRepeatedly(7).delay()).isEqualTo(ofSeconds(60));
      assertThat(failRepeatedly(30).delay()).isEqualTo(ofSeconds(60));
    }

    @Test
    void a_configured_backoff_is_used_as_given() {
      RestartPolicy fast =
          new RestartPolicy(
              new dev.aviary.local.Backoff(ofMillis(100), ofMillis(250)), ofSeconds(5));
      assertThat(fast.afterFailure(0, T0).at()).isEqualTo(T0.plusMillis(100));
      assertThat(fast.afterFailure(1, T0).at()).isEqualTo(T0.plusMillis(200));
      assertThat(fast.afterFailure(2, T0).at()).isEqualTo(T0.plusMillis(250));
    }
  }

  @Nested
  @DisplayName("crash loop")
  class CrashLoop {
    @Test
    void the_third_restart_in_a_row_is_a_crash_loop() {
      assertThat(failRepeatedly(2).crashLooping()).isFalse();
      RestartPolicy.Restart third = failRepeatedly(3);
      assertThat(third.crashLooping()).isTrue();
      assertThat(third.reason()).isEqualTo("CrashLoopBackOff");
      assertThat(RestartPolicy.crashLooping(2)).isFalse();
      assertThat(RestartPolicy.crashLooping(3)).isTrue();
    }

    @Test
    void the_message_names_the_replica_the_cause_the_restart_and_the_loop() {
      assertThat(failRepeatedly(3).describe("r0", "fraud-abc", "exited"))
          .isEqualTo("replica r0 of fraud-abc exited; restart 3 in 4000 ms (crash-looping)");
      assertThat(failRepeatedly(1).describe("r1", "fraud-abc", "exited"))
          .isEqualTo("replica r1 of fraud-abc exited; restart 1 in 1000 ms");
    }

    @Test
    void a_crash_looping_replica_is_never_given_up_it_keeps_restarting_every_minute() {
      RestartPolicy.Restart r = failRepeatedly(100);
      assertThat(r.restarts()).isEqualTo(100);
      assertThat(r.delay()).isEqualTo(ofSeconds(60));
    }
  }

  @Nested
  @DisplayName("healthy again")
  class HealthyAgain {
    @Test
    void the_count_is_kept_until_the_replica_has_been_ready_for_a_minute() {
      Instant ready = T0;
      assertThat(policy.restartsAfter(4, ready, T0.plusSeconds(30))).isEqualTo(4);
      assertThat(policy.restartsAfter(4, ready, T0.plusSeconds(60))).isEqualTo(4);
      assertThat(policy.restartsAfter(4, ready, T0.plusSeconds(61))).isZero();
    }

    @Test
    void a_replica_that_was_never_ready_keeps_its_count() {
      assertThat(policy.restartsAfter(4, null, T0.plusSeconds(3600))).isEqualTo(4);
    }

    @Test
    void after_the_reset_the_next_failure_starts_the_backoff_over() {
      int restarts = failRepeatedly(5).restarts();
      restarts = policy.restartsAfter(restarts, T0, T0.plusSeconds(120));
      RestartPolicy.Restart next = policy.afterFailure(restarts, T0.plusSeconds(121));
      assertThat(next.delay()).isEqualTo(ofSeconds(1));
      assertThat(next.crashLooping()).isFalse();
    }
  }
}
