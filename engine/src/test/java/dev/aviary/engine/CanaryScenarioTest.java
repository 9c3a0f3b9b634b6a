package dev.aviary.engine;

import static dev.aviary.engine.Specs.analysis;
import static dev.aviary.engine.Specs.canary;
import static dev.aviary.engine.Specs.canaryWithBackground;
import static dev.aviary.engine.Specs.headerRoute;
import static dev.aviary.engine.Specs.metric;
import static dev.aviary.engine.Specs.pause;
import static dev.aviary.engine.Specs.pauseUntilPromoted;
import static dev.aviary.engine.Specs.setWeight;
import static dev.aviary.engine.Specs.shadow;
import static java.time.Duration.ofMinutes;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aviary.spec.condition.Value;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class CanaryScenarioTest {

  @Nested
  @DisplayName("first deployment")
  class FirstDeployment {
    @Test
    void first_revision_goes_straight_to_stable_and_turns_healthy_when_ready() {
      Scenario s = Scenario.stableAt("1", 3, canary(setWeight(50)));
      assertThat(s.phase()).isEqualTo(Phase.Healthy);
      assertThat(s.replicasOf("1")).isEqualTo(3);
      assertThat(s.weightOf("1")).isEqualTo(100);
      assertThat(s.status.history()).extracting(Revision::number).containsExactly(1);
    }

    @Test
    void no_traffic_is_routed_before_any_replica_is_ready() {
      Scenario s = Scenario.stableAt("1", 2, canary());
      s.deploy("2").capReady("2", 0);
      Decision d = s.tick();
      assertThat(d.topology().weights()).doesNotContainKey(s.idOf("2"));
    }
  }

  @Nested
  @DisplayName("steps")
  class Steps {
    @Test
    void set_weight_moves_traffic_only_when_the_canary_has_the_replicas_for_it() {
      Scenario s =
          Scenario.stableAt("1", 4, canary(setWeight(25), setWeight(50), pauseUntilPromoted()));
      s.deploy("2").capReady("2", 0);
      s.settle();
      assertThat(s.weightOf("2")).isZero();
      assertThat(s.replicasOf("2")).isEqualTo(1);
      assertThat(s.phase()).isEqualTo(Phase.Progressing);
      s.capReady("2", 1).settle();
      assertThat(s.status.currentStep()).isEqualTo(1);
      assertThat(s.weightOf("2")).isEqualTo(25);
      assertThat(s.replicasOf("2")).isEqualTo(2);
      s.uncap("2").settle();
      assertThat(s.status.currentStep()).isEqualTo(2);
      assertThat(s.weightOf("2")).isEqualTo(50);
      assertThat(s.weightOf("1")).isEqualTo(50);
      assertThat(s.phase()).isEqualTo(Phase.Paused);
    }

    @Test
    void timed_pause_waits_for_its_duration_and_asks_to_be_called_then() {
      Scenario s = Scenario.stableAt("1", 2, canary(setWeight(50), pause(ofMinutes(5))));
      s.deploy("2").settle();
      assertThat(s.status.currentStep()).isEqualTo(1);
      assertThat(s.last.requeueAt()).isEqualTo(s.status.stepStartedAt().plus(ofMinutes(5)));
      s.after(ofMinutes(4)).settle();
      assertThat(s.status.currentStep()).isEqualTo(1);
      s.waitForRequeue();
      assertThat(s.phase()).isEqualTo(Phase.Healthy);
      assertThat(s.status.stable().model().version()).isEqualTo("2");
      assertThat(s.weightOf("2")).isEqualTo(100);
      assertThat(s.replicasOf("1")).isZero();
    }

    @Test
    void a_pause_command_stops_the_clock_of_a_timed_pause_until_resumed() {
      Scenario s = Scenario.stableAt("1", 2, canary(setWeight(50), pause(ofMinutes(5))));
      s.deploy("2").settle();
      s.after(ofMinutes(2)).command(Command.Pause::new).settle();
      assertThat(s.phase()).isEqualTo(Phase.Paused);
      s.after(ofMinutes(10)).settle();
      assertThat(s.phase()).isEqualTo(Phase.Paused);
      s.command(Command.Resume::new).settle();
      // 2 of the 5 minutes had passed when it was paused: 3 remain after the resume.
      assertThat(s.phase()).isEqualTo(Phase.Progressing);
      assertThat(s.status.currentStep()).isEqualTo(1);
      Instant resumed = s.now;
      assertThat(s.last.requeueAt()).isEqualTo(resumed.plus(ofMinutes(3)));
      s.after(ofMinutes(2)).settle();
      assertThat(s.status.currentStep()).isEqualTo(1);
      s.waitForRequeue();
      assertThat(s.phase()).isEqualTo(Phase.Healthy);
      assertThat(s.status.stable().model().version()).isEqualTo("2");
    }

    @Test
    void indefinite_pause_waits_for_promote() {
      Scenario s =
          Scenario.stableAt("1", 2, canary(setWeight(10), pauseUntilPromoted(), setWeight(60)));
      s.deploy("2").settle();
      assertThat(s.phase()).isEqualTo(Phase.Paused);
      assertThat(s.status.pause()).isEqualTo(RolloutStatus.PauseReason.Step);
      s.after(ofMinutes(60)).settle();
      assertThat(s.phase()).isEqualTo(Phase.Paused);
      s.command(n -> new Command.Promote(n, false)).settle();
      assertThat(s.phase()).isEqualTo(Phase.Healthy);
      assertThat(s.status.stable().model().version()).isEqualTo("2");
    }

    @Test
    void shadow_mirrors_to_the_canary_without_user_traffic_for_its_duration() {
      Scenario s =
          Scenario.stableAt(
              "1", 2, canary(shadow(30, ofMinutes(2)), setWeight(20), pauseUntilPromoted()));
      s.deploy("2").settle();
      assertThat(s.topology().mirror()).isEqualTo(new Topology.Mirror(s.idOf("2"), 30));
      assertThat(s.weightOf("2")).isZero();
      s.waitForRequeue();
      assertThat(s.topology().mirror()).isNull();
      assertThat(s.weightOf("2")).isEqualTo(20);
    }

    @Test
    void header_route_sends_matching_requests_to_the_canary_until_the_rollout_ends() {
      Scenario s =
          Scenario.stableAt(
              "1", 2, canary(headerRoute("testers", "x-testers", "yes"), pauseUntilPromoted()));
      s.deploy("2").settle();
      assertThat(s.topology().headerRoutes())
          .containsExactly(
              new Topology.HeaderRoute("testers", "x-testers", null, "yes", s.idOf("2")));
      assertThat(s.weightOf("2")).isZero();
      s.command(n -> new Command.Promote(n, false)).settle();
      assertThat(s.topology().headerRoutes()).isEmpty();
    }

    @Test
    void completing_moves_all_traffic_before_scaling_the_old_stable_down() {
      Scenario s = Scenario.stableAt("1", 2, canary(setWeight(50)));
      s.deploy("2").settle();
      Decision promoted =
          s.decisions.stream()
              .filter(d -> d.topology().weight(s.idOf("2")) == 100)
              .findFirst()
              .orElseThrow();
      assertThat(promoted.topology().replicas(s.idOf("1"))).isEqualTo(2);
      assertThat(s.replicasOf("1")).isZero();
      assertThat(s.replicasOf("2")).isEqualTo(2);
      assertThat(s.eventReasons()).contains("Promoted", "ScaledDown");
    }
  }

  @Nested
  @DisplayName("analysis")
  class AnalysisOutcomes {
    static final String ERR = "error-rate";

    Scenario atAnalysis(dev.aviary.spec.Metric m) {
      Scenario s =
          Scenario.stableAt(
              "1", 2, canary(setWeight(20), analysis(m), setWeight(50), pauseUntilPromoted()));
      s.deploy("2").settle();
      return s;
    }

    @Test
    void successful_analysis_advances_to_the_next_step() {
      Scenario s = atAnalysis(metric(ERR).success("result < 0.05").build());
      assertThat(s.last.queries())
          .singleElement()
          .satisfies(
              q -> {
                assertThat(q.metric()).isEqualTo(ERR);
                assertThat(q.revisionId()).isEqualTo(s.idOf("2"));
              });
      s.answer(ERR, 0.01).settle();
      assertThat(s.weightOf("2")).isEqualTo(50);
      assertThat(s.status.runs())
          .singleElement()
          .extracting(AnalysisRun::phase)
          .isEqualTo(AnalysisPhase.Successful);
    }

    @Test
    void a_query_on_the_canary_is_compared_with_the_stable_revision() {
      Scenario s = atAnalysis(metric(ERR).success("result < 0.05").build());
      MetricQuery q = s.last.queries().get(0);
      assertThat(q.baselineRevisionId()).isNull();
      assertThat(q.referenceRevisionId(s.status)).isEqualTo(s.idOf("1"));
      MetricQuery withBaseline =
          new MetricQuery(
              q.id(), q.runId(), q.metric(), q.provider(), q.revisionId(), "other", null, q.due());
      assertThat(withBaseline.referenceRevisionId(s.status)).isEqualTo("other");
      assertThat(q.referenceRevisionId(RolloutStatus.initial())).isNull();
    }

    @Test
    void failed_analysis_aborts_traffic_to_stable_first_then_scales_the_canary_down() {
      Scenario s = atAnalysis(metric(ERR).success("result < 0.05").build());
      s.answer(ERR, 0.5).tick();
      assertThat(s.phase()).isEqualTo(Phase.Degraded);
      assertThat(s.status.message()).contains("analysis at step 1 Failed");
      assertThat(s.weightOf("2")).isZero();
      assertThat(s.replicasOf("2")).isEqualTo(1);
      s.settle();
      assertThat(s.replicasOf("2")).isZero();
      assertThat(s.weightOf("1")).isEqualTo(100);
    }

    @Test
    void failure_limit_tolerates_that_many_failures() {
      Scenario s =
          atAnalysis(
              metric(ERR).success("result < 0.05").every(ofMinutes(1), 3).failureLimit(1).build());
      s.answer(ERR, 0.5).settle();
      assertThat(s.phase()).isEqualTo(Phase.Progressing);
      s.waitForRequeue();
      s.answer(ERR, 0.01).settle();
      s.waitForRequeue();
      s.answer(ERR, 0.01).settle();
      assertThat(s.weightOf("2")).isEqualTo(50);
      MetricResult r = s.status.runs().get(0).metrics().get(0);
      assertThat(r.failed()).isEqualTo(1);
      assertThat(r.successful()).isEqualTo(2);
    }

    @Test
    void inconclusive_analysis_pauses_for_a_human_and_stays_paused() {
      Scenario s = atAnalysis(metric(ERR).success("result < 0.05").failure("result > 0.1").build());
      s.answer(ERR, 0.07).settle();
      assertThat(s.phase()).isEqualTo(Phase.Paused);
      assertThat(s.status.pause()).isEqualTo(RolloutStatus.PauseReason.Inconclusive);
      s.after(ofMinutes(600)).settle();
      assertThat(s.phase()).isEqualTo(Phase.Paused);
      assertThat(s.weightOf("2")).isEqualTo(20);
      assertThat(s.last.queries()).isEmpty();
    }

    @Test
    void resume_after_inconclusive_runs_the_analysis_again() {
      Scenario s = atAnalysis(metric(ERR).success("result < 0.05").failure("result > 0.1").build());
      s.answer(ERR, 0.07).settle();
      s.after(ofSeconds(1)).command(Command.Resume::new).settle();
      assertThat(s.phase()).isEqualTo(Phase.Progressing);
      assertThat(s.last.queries()).hasSize(1);
      s.answer(ERR, 0.01).settle();
      assertThat(s.weightOf("2")).isEqualTo(50);
    }

    @Test
    void promote_after_inconclusive_accepts_the_step() {
      Scenario s = atAnalysis(metric(ERR).success("result < 0.05").failure("result > 0.1").build());
      s.answer(ERR, 0.07).settle();
      s.command(n -> new Command.Promote(n, false)).settle();
      assertThat(s.weightOf("2")).isEqualTo(50);
    }

    @Test
    void empty_or_nan_results_are_never_a_success() {
      Scenario s = atAnalysis(metric(ERR).success("result[0] < 0.05").build());
      s.answer(ERR, Value.of(new double[0]), 1000L, null).settle();
      assertThat(s.phase()).isEqualTo(Phase.Paused);
      assertThat(s.status.runs().get(0).metrics().get(0).measurements().get(0).reason())
          .startsWith("no data");
      Scenario t = atAnalysis(metric(ERR).success("result < 0.05").build());
      t.answer(ERR, Double.NaN).settle();
      assertThat(t.phase()).isEqualTo(Phase.Paused);
      assertThat(t.weightOf("2")).isEqualTo(20);
    }

    @Test
    void a_run_where_every_measurement_errored_is_an_error_and_aborts() {
      Scenario s = atAnalysis(metric(ERR).success("result < 0.05").every(ofSeconds(30), 3).build());
      for (int i = 0; i < 3; i++) {
        s.answerError(ERR, "connection refused").settle();
        if (s.last.requeueAt() != null) {
          s.waitForRequeue();
        }
      }
      assertThat(s.phase()).isEqualTo(Phase.Degraded);
      assertThat(s.status.message()).contains("every measurement errored");
    }

    @Test
    void consecutive_errors_past_the_limit_abort() {
      Scenario s =
          atAnalysis(
              metric(ERR)
                  .success("result < 0.05")
                  .every(ofSeconds(30), 10)
                  .consecutiveErrorLimit(1)
                  .build());
      s.answerError(ERR, "timeout").settle();
      assertThat(s.phase()).isEqualTo(Phase.Progressing);
      s.waitForRequeue();
      s.answerError(ERR, "timeout").settle();
      assertThat(s.phase()).isEqualTo(Phase.Degraded);
      assertThat(s.status.message()).contains("2 consecutive errors, limit 1");
    }

    @Test
    void low_traffic_waits_for_min_sample_size_instead_of_judging() {
      Scenario s = atAnalysis(metric(ERR).success("result < 0.05").minSampleSize(100).build());
      s.answer(ERR, Value.of(0.9), 12L, null).settle();
      assertThat(s.phase()).isEqualTo(Phase.Progressing);
      Measurement m = s.status.runs().get(0).metrics().get(0).measurements().get(0);
      assertThat(m.phase()).isEqualTo(Measurement.Phase.Waiting);
      assertThat(m.reason()).isEqualTo("only 12 requests, 100 needed to judge");
      s.waitForRequeue();
      s.answer(ERR, Value.of(0.01), 500L, null).settle();
      assertThat(s.weightOf("2")).isEqualTo(50);
    }

    @Test
    void dry_run_metrics_are_recorded_but_never_fail_the_rollout() {
      Scenario s = atAnalysis(metric(ERR).success("result < 0.05").dryRun().build());
      s.answer(ERR, 0.9).settle();
      assertThat(s.weightOf("2")).isEqualTo(50);
      assertThat(s.status.runs().get(0).metrics().get(0).phase()).isEqualTo(AnalysisPhase.Failed);
    }

    @Test
    void initial_delay_and_interval_schedule_the_measurements() {
      Scenario s =
          atAnalysis(
              metric(ERR)
                  .success("result < 0.05")
                  .initialDelay(ofSeconds(20))
                  .every(ofMinutes(1), 2)
                  .build());
      assertThat(s.last.queries()).isEmpty();
      assertThat(s.last.requeueAt()).isEqualTo(s.now.plusSeconds(20));
      s.waitForRequeue();
      assertThat(s.last.queries()).hasSize(1);
      s.answer(ERR, 0.01).settle();
      assertThat(s.last.queries()).isEmpty();
      assertThat(s.last.requeueAt()).isEqualTo(s.now.plus(ofMinutes(1)));
    }

    @Test
    void baseline_is_measured_on_the_stable_revision_when_the_condition_uses_it() {
      Scenario s = atAnalysis(metric(ERR).success("result <= baseline * 1.2").build());
      assertThat(s.last.queries())
          .singleElement()
          .satisfies(q -> assertThat(q.baselineRevisionId()).isEqualTo(s.idOf("1")));
      s.answer(ERR, 0.11).settle(); // the scenario's baseline is 0.1
      assertThat(s.weightOf("2")).isEqualTo(50);
    }

    @Test
    void background_analysis_failure_aborts_from_its_starting_step() {
      Scenario s =
          Scenario.stableAt(
              "1",
              2,
              canaryWithBackground(
                  1,
                  metric("latency").success("result < 300").every(ofMinutes(1)).build(),
                  setWeight(10),
                  pause(ofMinutes(10)),
                  setWeight(50),
                  pauseUntilPromoted()));
      s.deploy("2").settle();
      assertThat(s.last.queries())
          .singleElement()
          .satisfies(q -> assertThat(q.runId()).contains("background"));
      s.answer("latency", 120).settle();
      s.waitForRequeue();
      s.answer("latency", 900).settle();
      assertThat(s.phase()).isEqualTo(Phase.Degraded);
      assertThat(s.status.message()).contains("background analysis Failed");
    }

    @Test
    void background_analysis_does_not_start_before_its_starting_step() {
      Scenario s =
          Scenario.stableAt(
              "1",
              2,
              canaryWithBackground(
                  2,
                  metric("latency").success("result < 300").every(ofMinutes(1)).build(),
                  setWeight(10),
                  pauseUntilPromoted(),
                  setWeight(50),
                  pauseUntilPromoted()));
      s.deploy("2").settle();
      assertThat(s.last.queries()).isEmpty();
      s.command(n -> new Command.Promote(n, false)).settle();
      assertThat(s.last.queries()).hasSize(1);
    }
  }
}
