package dev.aviary.engine;

import static dev.aviary.engine.Specs.analysis;
import static dev.aviary.engine.Specs.blueGreen;
import static dev.aviary.engine.Specs.metric;
import static dev.aviary.engine.Specs.pauseUntilPromoted;
import static dev.aviary.engine.Specs.setWeight;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aviary.spec.Strategy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Undo and re-applying earlier specs: warm previous revision and the rollback window. */
class RollbackWindowTest {

  private static Strategy.Canary canary(int scaleDownDelaySeconds, Integer windowRevisions) {
    return new Strategy.Canary(
        List.of(setWeight(30), analysis(metric("error-rate").build()), pauseUntilPromoted()),
        null,
        null,
        scaleDownDelaySeconds,
        windowRevisions == null ? null : new Strategy.RollbackWindow(windowRevisions));
  }

  private static Scenario promoted(Strategy strategy, String... versions) {
    Scenario s = Scenario.stableAt("1", 2, strategy);
    for (String v : versions) {
      s.deploy(v).settle();
      s.command(n -> new Command.Promote(n, true)).settle();
      assertThat(s.status.stable().model().version()).isEqualTo(v);
    }
    return s;
  }

  @Test
  void a_promoted_canary_keeps_the_previous_revision_up_for_the_scale_down_delay() {
    Scenario s = promoted(canary(30, null), "2");
    s.after(ofSeconds(29)).settle();
    assertThat(s.replicasOf("1")).isEqualTo(2);
    assertThat(s.weightOf("1")).isZero();
    s.after(ofSeconds(2)).settle();
    assertThat(s.replicasOf("1")).isZero();
  }

  @Test
  void undo_inside_the_delay_switches_a_canary_back_at_once_without_steps_or_analysis() {
    Scenario s = promoted(canary(30, null), "2");
    s.after(ofSeconds(10)).command(n -> new Command.Undo(n, null)).tick();
    assertThat(s.topology().weights()).containsExactly(Map.entry(s.idOf("1"), 100));
    assertThat(s.phase()).isEqualTo(Phase.Healthy);
    assertThat(s.status.runs()).isEmpty();
    assertThat(s.last.queries()).isEmpty();
    assertThat(s.status.target().model().version()).isEqualTo("1");
  }

  @Test
  void
      an_undo_right_after_a_fast_rollback_switches_straight_back_as_the_left_revision_is_kept_up() {
    Scenario s = promoted(canary(30, null), "2");
    s.after(ofSeconds(5)).command(n -> new Command.Undo(n, null)).settle();
    assertThat(s.status.stable().model().version()).isEqualTo("1");
    s.after(ofSeconds(5)).settle();
    assertThat(s.replicasOf("2")).as("the revision just left stays up").isEqualTo(2);

    s.command(n -> new Command.Undo(n, null)).settle();
    assertThat(s.status.stable().model().version()).isEqualTo("2");
    assertThat(s.topology().weights()).containsExactly(Map.entry(s.idOf("2"), 100));
    assertThat(s.status.runs()).isEmpty();
  }

  @Test
  void an_instant_canary_undo_moves_traffic_only_to_ready_replicas() {
    Scenario s = promoted(canary(30, null), "2");
    s.capReady("1", 0).tick();
    s.command(n -> new Command.Undo(n, null)).settle();
    assertThat(s.topology().weights()).containsExactly(Map.entry(s.idOf("2"), 100));
    s.uncap("1").settle();
    assertThat(s.topology().weights()).containsExactly(Map.entry(s.idOf("1"), 100));
    assertThat(s.phase()).isEqualTo(Phase.Healthy);
  }

  @Test
  void undo_within_the_window_after_the_delay_waits_for_ready_replicas_then_skips_the_steps() {
    Scenario s = promoted(canary(0, 2), "2", "3");
    int before = s.eventReasons().size();
    s.capReady("1", 0).command(n -> new Command.Undo(n, 1)).settle();
    assertThat(s.status.candidate().model().version()).isEqualTo("1");
    assertThat(s.topology().weights()).containsExactly(Map.entry(s.idOf("3"), 100));
    assertThat(s.replicasOf("1")).isEqualTo(2);
    s.uncap("1").settle();
    assertThat(s.phase()).isEqualTo(Phase.Healthy);
    assertThat(s.status.stable().model().version()).isEqualTo("1");
    assertThat(s.topology().weights()).containsExactly(Map.entry(s.idOf("1"), 100));
    assertThat(s.eventReasons().subList(before, s.eventReasons().size()))
        .contains("RolloutStarted")
        .doesNotContain("AnalysisStarted", "StepCompleted");
  }

  @Test
  void reapplying_a_spec_within_the_window_is_a_step_less_rollout() {
    Scenario s = promoted(canary(0, 2), "2", "3");
    s.deploy("1").settle();
    assertThat(s.phase()).isEqualTo(Phase.Healthy);
    assertThat(s.status.stable().model().version()).isEqualTo("1");
  }

  @Test
  void outside_the_window_a_rollback_runs_the_steps() {
    Scenario s = promoted(canary(0, 1), "2", "3");
    s.command(n -> new Command.Undo(n, 1)).settle();
    assertThat(s.status.candidate().model().version()).isEqualTo("1");
    assertThat(s.weightOf("1")).isEqualTo(30);
    assertThat(s.phase()).isNotEqualTo(Phase.Healthy);
  }

  @Test
  void a_spec_naming_the_revision_an_undo_rolls_out_does_not_restart_it() {
    Scenario s = promoted(canary(0, null), "2");
    s.command(n -> new Command.Undo(n, 1)).settle();
    int step = s.status.currentStep();
    assertThat(s.weightOf("1")).isEqualTo(30);
    long started = s.eventReasons().stream().filter("RolloutStarted"::equals).count();
    s.deploy("1").settle();
    assertThat(s.status.currentStep()).isEqualTo(step);
    assertThat(s.eventReasons().stream().filter("RolloutStarted"::equals).count())
        .isEqualTo(started);
  }

  @Test
  void blue_green_undo_within_the_window_skips_analysis_and_the_promotion_gate() {
    Strategy.BlueGreen bg =
        blueGreen()
            .manualPromotion()
            .pre(metric("error-rate").build())
            .scaleDownDelaySeconds(0)
            .rollbackWindow(3)
            .build();
    Scenario s = Scenario.stableAt("1", 2, bg);
    s.deploy("2").settle();
    s.command(n -> new Command.Promote(n, true)).settle();
    assertThat(s.status.stable().model().version()).isEqualTo("2");
    s.after(ofSeconds(1)).settle();
    s.command(n -> new Command.Undo(n, 1)).settle();
    assertThat(s.phase()).isEqualTo(Phase.Healthy);
    assertThat(s.status.stable().model().version()).isEqualTo("1");
    assertThat(s.topology().weights()).containsExactly(Map.entry(s.idOf("1"), 100));
  }
}
