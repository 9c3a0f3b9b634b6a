package dev.aviary.engine;

import static dev.aviary.engine.Specs.blueGreen;
import static dev.aviary.engine.Specs.metric;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class BlueGreenScenarioTest {

  @Test
  void preview_gets_full_replicas_and_no_user_traffic_then_an_atomic_switch() {
    Scenario s = Scenario.stableAt("1", 3, blueGreen().manualPromotion().build());
    s.deploy("2").settle();
    assertThat(s.phase()).isEqualTo(Phase.Paused);
    assertThat(s.replicasOf("2")).isEqualTo(3);
    assertThat(s.weightOf("2")).isZero();
    assertThat(s.weightOf("1")).isEqualTo(100);
    assertThat(s.topology().preview())
        .isEqualTo(new Topology.Preview(s.idOf("2"), "x-aviary-preview", "true", null));
    s.command(n -> new Command.Promote(n, false)).tick();
    assertThat(s.topology().weights()).containsExactly(java.util.Map.entry(s.idOf("2"), 100));
    assertThat(s.topology().preview()).isNull();
    assertThat(s.replicasOf("1")).as("old revision kept for rollback").isEqualTo(3);
  }

  @Test
  void preview_replicas_are_scaled_to_full_size_before_the_switch() {
    Scenario s = Scenario.stableAt("1", 4, blueGreen().previewReplicas(1).build());
    s.deploy("2").capReady("2", 1).settle();
    assertThat(s.replicasOf("2")).isEqualTo(4);
    assertThat(s.weightOf("1")).isEqualTo(100);
    s.uncap("2").settle();
    assertThat(s.weightOf("2")).isEqualTo(100);
  }

  @Test
  void auto_promotion_waits_the_configured_seconds_after_the_preview_is_ready() {
    Scenario s = Scenario.stableAt("1", 2, blueGreen().autoPromotionSeconds(60).build());
    s.deploy("2").settle();
    assertThat(s.weightOf("1")).isEqualTo(100);
    assertThat(s.last.requeueAt()).isEqualTo(s.status.previewReadyAt().plusSeconds(60));
    s.waitForRequeue();
    assertThat(s.weightOf("2")).isEqualTo(100);
  }

  @Test
  void old_revision_is_scaled_down_after_the_delay() {
    Scenario s = Scenario.stableAt("1", 2, blueGreen().scaleDownDelaySeconds(120).build());
    s.deploy("2").settle();
    assertThat(s.replicasOf("1")).isEqualTo(2);
    assertThat(s.phase()).isEqualTo(Phase.Healthy);
    assertThat(s.last.requeueAt()).isEqualTo(s.now.plusSeconds(120));
    s.waitForRequeue();
    assertThat(s.replicasOf("1")).isZero();
    assertThat(s.status.previous()).isNull();
  }

  @Nested
  class Analysis {
    @Test
    void failed_pre_promotion_analysis_aborts_without_ever_switching() {
      Scenario s =
          Scenario.stableAt(
              "1", 2, blueGreen().pre(metric("smoke").success("result == 1").build()).build());
      s.deploy("2").settle();
      assertThat(s.last.queries())
          .singleElement()
          .satisfies(q -> assertThat(q.revisionId()).isEqualTo(s.idOf("2")));
      s.answer("smoke", 0).settle();
      assertThat(s.phase()).isEqualTo(Phase.Degraded);
      assertThat(s.replicasOf("2")).isZero();
      assertThat(s.decisions)
          .allSatisfy(d -> assertThat(d.topology().weight(s.idOf("2"))).isZero());
    }

    @Test
    void successful_pre_promotion_analysis_switches() {
      Scenario s =
          Scenario.stableAt(
              "1", 2, blueGreen().pre(metric("smoke").success("result == 1").build()).build());
      s.deploy("2").settle();
      s.answer("smoke", 1).settle();
      assertThat(s.weightOf("2")).isEqualTo(100);
      assertThat(s.phase()).isEqualTo(Phase.Healthy);
    }

    @Test
    void failed_post_promotion_analysis_switches_back_instantly_while_the_old_revision_is_up() {
      Scenario s =
          Scenario.stableAt(
              "1",
              2,
              blueGreen()
                  .scaleDownDelaySeconds(10)
                  .post(metric("err").success("result < 0.05").every(ofSeconds(30), 3).build())
                  .build());
      s.deploy("2").settle();
      assertThat(s.weightOf("2")).isEqualTo(100);
      assertThat(s.phase()).isEqualTo(Phase.Progressing);
      s.after(ofSeconds(60)).settle();
      assertThat(s.replicasOf("1")).as("kept while post analysis runs").isEqualTo(2);
      s.answer("err", 0.5).tick();
      assertThat(s.phase()).isEqualTo(Phase.Degraded);
      assertThat(s.topology().weights()).containsExactly(java.util.Map.entry(s.idOf("1"), 100));
      assertThat(s.replicasOf("2")).as("drained before scale-down").isEqualTo(2);
      s.settle();
      assertThat(s.replicasOf("2")).isZero();
      assertThat(s.status.stable().model().version()).isEqualTo("1");
    }

    @Test
    void inconclusive_post_promotion_analysis_pauses_and_keeps_the_old_revision() {
      Scenario s =
          Scenario.stableAt(
              "1",
              2,
              blueGreen()
                  .scaleDownDelaySeconds(0)
                  .post(metric("err").success("result < 0.05").failure("result > 0.2").build())
                  .build());
      s.deploy("2").settle();
      s.answer("err", 0.1).settle();
      assertThat(s.phase()).isEqualTo(Phase.Paused);
      assertThat(s.replicasOf("1")).isEqualTo(2);
      s.command(n -> new Command.Promote(n, false)).settle();
      assertThat(s.phase()).isEqualTo(Phase.Healthy);
      assertThat(s.replicasOf("1")).isZero();
    }
  }

  @Test
  void never_splits_traffic_between_blue_and_green() {
    Scenario s =
        Scenario.stableAt(
            "1",
            2,
            blueGreen()
                .pre(metric("smoke").success("result == 1").build())
                .post(metric("err").success("result < 0.05").build())
                .build());
    s.deploy("2").settle();
    s.answer("smoke", 1).settle();
    s.answer("err", 0.9).settle();
    assertThat(s.decisions)
        .allSatisfy(d -> assertThat(d.topology().weights()).hasSizeLessThanOrEqualTo(1));
  }
}
