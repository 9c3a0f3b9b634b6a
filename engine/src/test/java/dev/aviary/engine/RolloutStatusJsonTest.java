package dev.aviary.engine;

import static dev.aviary.engine.Specs.analysis;
import static dev.aviary.engine.Specs.canary;
import static dev.aviary.engine.Specs.metric;
import static dev.aviary.engine.Specs.setWeight;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aviary.spec.condition.Value;
import org.junit.jupiter.api.Test;

class RolloutStatusJsonTest {

  @Test
  void a_status_with_runs_measurements_and_vectors_round_trips() {
    Scenario s =
        Scenario.stableAt(
            "1",
            2,
            canary(
                setWeight(20),
                analysis(
                    metric("m")
                        .success("result[0] < 1")
                        .every(java.time.Duration.ofMinutes(1), 3)
                        .build())));
    s.deploy("2").settle();
    s.answer("m", Value.of(new double[] {0.5, Double.NaN}), 1000L, null).settle();
    RolloutStatus status = s.status;
    assertThat(status.runs().get(0).metrics().get(0).measurements()).hasSize(1);
    String json = RolloutStatusJson.write(status);
    assertThat(json).contains("\"NaN\"").contains("\"2026-01-01T00:00:00Z\"");
    assertThat(RolloutStatusJson.read(json)).isEqualTo(status);
  }

  @Test
  void the_initial_status_round_trips() {
    RolloutStatus initial = RolloutStatus.initial();
    assertThat(RolloutStatusJson.read(RolloutStatusJson.write(initial))).isEqualTo(initial);
  }

  @Test
  void garbage_is_a_clear_error() {
    assertThatThrownBy(() -> RolloutStatusJson.read("{\"stepStartedAt\": \"yesterday\"}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not a rollout status");
    assertThatThrownBy(() -> RolloutStatusJson.read("[1,2"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
