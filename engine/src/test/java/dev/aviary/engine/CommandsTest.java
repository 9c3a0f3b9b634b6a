package dev.aviary.engine;

import static dev.aviary.engine.Specs.analysis;
import static dev.aviary.engine.Specs.blueGreen;
import static dev.aviary.engine.Specs.canary;
import static dev.aviary.engine.Specs.metric;
import static dev.aviary.engine.Specs.pause;
import static dev.aviary.engine.Specs.pauseUntilPromoted;
import static dev.aviary.engine.Specs.setWeight;
import static java.time.Duration.ofMinutes;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class CommandsTest {

  static Scenario pausedCanary() {
    Scenario s =
        Scenario.stableAt(
            "1",
            2,
            canary(setWeight(20), pauseUntilPromoted(), setWeight(50), pause(ofMinutes(10))));
    s.deploy("2").settle();
    return s;
  }

  @Nested
  class Promote {
    @Test
    void promote_finishes_only_the_current_step() {
      Scenario s = pausedCanary();
      s.command(n -> new Command.Promote(n, false)).settle();
      assertThat(s.status.currentStep()).isEqualTo(3);
      assertThat(s.weightOf("2")).isEqualTo(50);
      assertThat(s.phase()).isEqualTo(Phase.Progressing);
    }

    @Test
    void promote_full_skips_remaining_steps_and_analysis() {
      Scenario s =
          Scenario.stableAt(
              "1",
              2,
              canary(
                  setWeight(20),
                  analysis(metric("m").success("result < 1").build()),
                  setWeight(50)));
      s.deploy("2").settle();
      assertThat(s.last.queries()).hasSize(1);
      s.command(n -> new Command.Promote(n, true)).settle();
      assertThat(s.phase()).isEqualTo(Phase.Healthy);
      assertThat(s.status.stable().model().version()).isEqualTo("2");
      assertThat(s.status.runs())
          .allSatisfy(r -> assertThat(r.phase()).isEqualTo(AnalysisPhase.Skipped));
    }

    @Test
    void promote_is_ignored_when_nothing_is_in_progress_or_after_an_abort() {
      Scenario s = Scenario.stableAt("1", 2, canary(setWeight(50)));
      s.command(n -> new Command.Promote(n, false)).settle();
      assertThat(s.phase()).isEqualTo(Phase.Healthy);
      assertThat(s.eventReasons()).contains("CommandIgnored");
      Scenario t = pausedCanary();
      t.command(Command.Abort::new).settle();
      t.command(n -> new Command.Promote(n, false)).settle();
      assertThat(t.phase()).isEqualTo(Phase.Degraded);
    }

    @Test
    void promote_in_blue_green_opens_the_gate_but_waits_for_a_running_pre_promotion_analysis() {
      Scenario s =
          Scenario.stableAt(
              "1",
              2,
              blueGreen()
                  .manualPromotion()
                  .pre(metric("smoke").success("result == 1").build())
                  .build());
      s.deploy("2").settle();
      s.command(n -> new Command.Promote(n, false)).settle();
      assertThat(s.weightOf("1")).isEqualTo(100);
      assertThat(s.last.queries()).hasSize(1);
      s.answer("smoke", 1).settle();
      assertThat(s.weightOf("2")).isEqualTo(100);
    }

    @Test
    void promote_full_in_blue_green_skips_pre_promotion_analysis() {
      Scenario s =
          Scenario.stableAt(
              "1", 2, blueGreen().pre(metric("smoke").success("result == 1").build()).build());
      s.deploy("2").settle();
      s.command(n -> new Command.Promote(n, true)).settle();
      assertThat(s.weightOf("2")).isEqualTo(100);
    }
  }

  @Nested
  class AbortAndRetry {
    @Test
    void abort_moves_traffic_to_stable_first_then_scales_the_canary_down() {
      Scenario s = pausedCanary();
      s.command(Command.Abort::new).tick();
      assertThat(s.phase()).isEqualTo(Phase.Degraded);
      assertThat(s.status.message()).contains("aborted by command");
      assertThat(s.weightOf("1")).isEqualTo(100);
      assertThat(s.replicasOf("2")).isEqualTo(1);
      s.settle();
      assertThat(s.replicasOf("2")).isZero();
    }

    @Test
    void retry_restarts_an_aborted_rollout_from_the_first_step() {
      Scenario s = pausedCanary();
      s.command(Command.Abort::new).settle();
      s.after(ofSeconds(5)).command(Command.Retry::new).settle();
      assertThat(s.phase()).isEqualTo(Phase.Paused);
      assertThat(s.status.currentStep()).isEqualTo(1);
      assertThat(s.weightOf("2")).isEqualTo(20);
    }

    @Test
    void a_retry_never_reuses_measurements_of_the_aborted_attempt() {
      Scenario s =
          Scenario.stableAt(
              "1", 2, canary(setWeight(20), analysis(metric("m").success("result < 1").build())));
      s.deploy("2").settle();
      s.answer("m", 5).settle();
      assertThat(s.phase()).isEqualTo(Phase.Degraded);
      s.command(Command.Retry::new).settle(); // same instant, old answers still reported
      assertThat(s.phase()).isEqualTo(Phase.Progressing);
      assertThat(s.last.queries()).singleElement();
      s.answer("m", 0.5).settle();
      assertThat(s.phase()).isEqualTo(Phase.Healthy);
    }

    @Test
    void retry_is_ignored_unless_aborted() {
      Scenario s = pausedCanary();
      s.command(Command.Retry::new).settle();
      assertThat(s.status.currentStep()).isEqualTo(1);
      assertThat(s.eventReasons()).contains("CommandIgnored");
    }

    @Test
    void abort_in_blue_green_post_promotion_switches_back() {
      Scenario s =
          Scenario.stableAt(
              "1",
              2,
              blueGreen()
                  .post(metric("e").success("result < 1").every(ofMinutes(1), 5).build())
                  .build());
      s.deploy("2").settle();
      assertThat(s.weightOf("2")).isEqualTo(100);
      s.command(Command.Abort::new).settle();
      assertThat(s.weightOf("1")).isEqualTo(100);
      assertThat(s.phase()).isEqualTo(Phase.Degraded);
    }
  }

  @Nested
  class PauseResume {
    @Test
    void pause_holds_a_timed_step_and_resume_continues() {
      Scenario s =
          Scenario.stableAt("1", 2, canary(setWeight(20), pause(ofMinutes(5)), setWeight(60)));
      s.deploy("2").settle();
      s.command(Command.Pause::new).settle();
      assertThat(s.phase()).isEqualTo(Phase.Paused);
      s.after(ofMinutes(10)).settle();
      assertThat(s.weightOf("2")).isEqualTo(20);
      s.command(Command.Resume::new).settle();
      // paused at once: the whole 5 minutes of the step remain
      assertThat(s.phase()).isEqualTo(Phase.Progressing);
      assertThat(s.weightOf("2")).isEqualTo(20);
      s.waitForRequeue();
      assertThat(s.phase()).isEqualTo(Phase.Healthy);
    }

    @Test
    void resume_does_not_pass_an_indefinite_pause_step() {
      Scenario s = pausedCanary();
      s.command(Command.Resume::new).settle();
      assertThat(s.phase()).isEqualTo(Phase.Paused);
      assertThat(s.last.events()).isEmpty();
      assertThat(s.eventReasons()).contains("CommandIgnored");
    }

    @Test
    void pause_when_healthy_is_ignored() {
      Scenario s = Scenario.stableAt("1", 2, canary());
      s.command(Command.Pause::new).settle();
      assertThat(s.phase()).isEqualTo(Phase.Healthy);
    }
  }

  @Nested
  class Undo {
    @Test
    void undo_during_a_rollout_goes_back_to_stable() {
      Scenario s = pausedCanary();
      s.command(n -> new Command.Undo(n, null)).settle();
      assertThat(s.phase()).isEqualTo(Phase.Healthy);
      assertThat(s.weightOf("1")).isEqualTo(100);
      assertThat(s.replicasOf("2")).isZero();
    }

    @Test
    void undo_within_the_rollback_window_is_instant_without_steps() {
      Scenario s = Scenario.stableAt("1", 2, blueGreen().scaleDownDelaySeconds(300).build());
      s.deploy("2").settle();
      s.after(ofSeconds(10)).command(n -> new Command.Undo(n, null)).tick();
      assertThat(s.topology().weights()).containsExactly(java.util.Map.entry(s.idOf("1"), 100));
      assertThat(s.phase()).isEqualTo(Phase.Healthy);
      assertThat(s.status.stable().model().version()).isEqualTo("1");
    }

    @Test
    void an_instant_undo_keeps_serving_the_current_revision_until_the_old_one_is_ready() {
      Scenario s = Scenario.stableAt("1", 2, blueGreen().scaleDownDelaySeconds(300).build());
      s.deploy("2").settle();
      s.capReady("1", 0).tick(); // the old revision's replicas crashed
      s.command(n -> new Command.Undo(n, null)).settle();
      assertThat(s.status.stable().model().version()).isEqualTo("1");
      assertThat(s.topology().weights()).containsExactly(java.util.Map.entry(s.idOf("2"), 100));
      assertThat(s.replicasOf("2")).isEqualTo(2);
      s.uncap("1").settle();
      assertThat(s.topology().weights()).containsExactly(java.util.Map.entry(s.idOf("1"), 100));
      assertThat(s.replicasOf("2")).as("kept up for an instant redo").isEqualTo(2);
      s.after(java.time.Duration.ofSeconds(301)).settle();
      assertThat(s.replicasOf("2")).isZero();
    }

    @Test
    void undo_after_the_window_rolls_out_the_old_revision_through_the_steps() {
      Scenario s = Scenario.stableAt("1", 2, canary(setWeight(30), pauseUntilPromoted()));
      s.deploy("2").settle();
      s.command(n -> new Command.Promote(n, false)).settle();
      assertThat(s.status.stable().model().version()).isEqualTo("2");
      s.command(n -> new Command.Undo(n, 1)).settle();
      assertThat(s.status.candidate().model().version()).isEqualTo("1");
      assertThat(s.status.candidate().number()).isEqualTo(1);
      assertThat(s.weightOf("1")).isEqualTo(30);
      assertThat(s.phase()).isEqualTo(Phase.Paused);
    }

    @Test
    void undo_of_an_aborted_revision_goes_back_to_the_stable_one_and_clears_the_abort() {
      Scenario s = Scenario.stableAt("1", 2, canary(setWeight(30), pauseUntilPromoted()));
      s.deploy("2").settle();
      s.command(n -> new Command.Promote(n, false)).settle();
      s.deploy("3").settle();
      s.command(Command.Abort::new).settle();
      assertThat(s.phase()).isEqualTo(Phase.Degraded);
      s.command(n -> new Command.Undo(n, null)).settle();
      assertThat(s.status.candidate()).isNull();
      assertThat(s.status.target().model().version()).isEqualTo("2");
      assertThat(s.phase()).isEqualTo(Phase.Healthy);
      assertThat(s.weightOf("3")).isZero();
      assertThat(s.replicasOf("3")).isZero();
    }

    @Test
    void undo_to_an_unknown_revision_is_ignored() {
      Scenario s = Scenario.stableAt("1", 2, canary());
      s.command(n -> new Command.Undo(n, 9)).settle();
      assertThat(s.phase()).isEqualTo(Phase.Healthy);
      assertThat(s.eventReasons()).contains("CommandIgnored");
    }
  }

  @Test
  void a_command_is_consumed_once_even_when_reported_again() {
    Scenario s = pausedCanary();
    s.command(n -> new Command.Promote(n, false)).settle();
    int step = s.status.currentStep();
    s.after(ofSeconds(1)).settle();
    assertThat(s.status.currentStep()).isEqualTo(step);
    assertThat(s.status.lastCommand()).isEqualTo(1);
  }
}
