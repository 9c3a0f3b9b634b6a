package dev.aviary.engine;

import static dev.aviary.engine.Specs.canary;
import static dev.aviary.engine.Specs.pauseUntilPromoted;
import static dev.aviary.engine.Specs.setWeight;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aviary.spec.Analysis;
import dev.aviary.spec.CanaryStep;
import dev.aviary.spec.Strategy;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpecChangeTest {

  @Test
  void a_spec_equal_to_the_stable_one_is_a_no_op() {
    Scenario s = Scenario.stableAt("1", 2, canary(setWeight(50)));
    s.strategy(canary(setWeight(10), setWeight(90))).settle();
    assertThat(s.phase()).isEqualTo(Phase.Healthy);
    assertThat(s.status.candidate()).isNull();
    assertThat(s.status.history()).hasSize(1);
  }

  @Test
  void a_new_spec_mid_rollout_replaces_the_in_progress_revision() {
    Scenario s = Scenario.stableAt("1", 2, canary(setWeight(20), pauseUntilPromoted()));
    s.deploy("2").settle();
    s.after(ofSeconds(5)).deploy("3").tick();
    assertThat(s.status.candidate().model().version()).isEqualTo("3");
    assertThat(s.status.currentStep()).isZero();
    s.settle();
    assertThat(s.weightOf("3")).isEqualTo(20);
    assertThat(s.weightOf("2")).isZero();
    assertThat(s.replicasOf("2")).isZero();
    assertThat(s.status.history()).extracting(Revision::number).containsExactly(1, 2, 3);
  }

  @Test
  void reverting_the_spec_mid_rollout_cancels_the_canary() {
    Scenario s = Scenario.stableAt("1", 2, canary(setWeight(20), pauseUntilPromoted()));
    s.deploy("2").settle();
    s.deploy("1").settle();
    assertThat(s.phase()).isEqualTo(Phase.Healthy);
    assertThat(s.weightOf("1")).isEqualTo(100);
    assertThat(s.replicasOf("2")).isZero();
  }

  @Test
  void reverting_the_spec_during_blue_green_post_promotion_switches_back_at_once() {
    Scenario s =
        Scenario.stableAt(
            "1",
            2,
            Specs.blueGreen()
                .post(
                    Specs.metric("e")
                        .success("result < 1")
                        .every(java.time.Duration.ofMinutes(1), 5)
                        .build())
                .build());
    s.deploy("2").settle();
    assertThat(s.weightOf("2")).isEqualTo(100);
    s.deploy("1").tick();
    assertThat(s.topology().weights()).containsExactly(java.util.Map.entry(s.idOf("1"), 100));
    assertThat(s.phase()).isEqualTo(Phase.Healthy);
    assertThat(s.status.candidate()).isNull();
  }

  @Test
  void progress_deadline_aborts_when_the_new_revision_never_becomes_ready() {
    Scenario s = Scenario.stableAt("1", 2, canary(setWeight(20), pauseUntilPromoted()));
    s.deploy("2").capReady("2", 0).settle();
    assertThat(s.phase()).isEqualTo(Phase.Progressing);
    s.waitForRequeue();
    assertThat(s.phase()).isEqualTo(Phase.Degraded);
    assertThat(s.status.message()).contains("ProgressDeadlineExceeded");
    assertThat(s.weightOf("1")).isEqualTo(100);
  }

  @Test
  void an_unknown_template_makes_the_spec_invalid_and_keeps_the_topology() {
    Scenario s = Scenario.stableAt("1", 2, canary(setWeight(20)));
    Topology before = s.topology();
    s.strategy(
        new Strategy.Canary(
            List.of(
                new CanaryStep.AnalysisStep(
                    List.of(new Analysis.TemplateRef("nope")), List.of(), List.of())),
            null,
            null));
    s.deploy("2").tick();
    assertThat(s.phase()).isEqualTo(Phase.Invalid);
    assertThat(s.status.message()).contains("no AnalysisTemplate named nope");
    assertThat(s.topology().weights()).isEqualTo(before.weights());
  }

  @Test
  void the_same_inputs_give_the_same_decision() {
    Scenario s = Scenario.stableAt("1", 2, canary(setWeight(20), pauseUntilPromoted()));
    s.deploy("2").settle();
    RolloutEngine engine = new RolloutEngine(java.util.Map.of());
    Observations facts =
        new Observations(
            java.util.Map.of(
                s.idOf("1"),
                new Observations.Replicas(2, 2),
                s.idOf("2"),
                new Observations.Replicas(1, 1)),
            List.of(),
            List.of());
    assertThat(engine.next(s.spec, s.status, facts, s.now))
        .isEqualTo(engine.next(s.spec, s.status, facts, s.now));
  }
}
