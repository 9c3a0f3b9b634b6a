package dev.aviary.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aviary.monitor.Baseline;
import dev.aviary.monitor.FeatureBaseline;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BaselineFileTest {
  private static final Baseline BASELINE =
      new Baseline(
          4,
          "y",
          List.of(
              FeatureBaseline.numeric("x", new double[] {1, 2, Double.NaN, 40.5}),
              FeatureBaseline.categorical("c", new String[] {"b", "a", null, "b"})),
          Map.of("0", 3L, "1", 1L));

  @Test
  void a_baseline_reads_back_as_written() throws Exception {
    Baseline read = BaselineFile.parse(Json.MAPPER.readTree(BaselineFile.toJson(BASELINE)));
    assertThat(read).isEqualTo(BASELINE);
    assertThat(read.features().get(0).missing()).isEqualTo(1);
    assertThat(read.features().get(1).categories()).containsExactly("a", "b");
  }

  @Test
  void a_problem_names_the_field() throws Exception {
    String json = BaselineFile.toJson(BASELINE);
    assertThatThrownBy(
            () ->
                BaselineFile.parse(
                    Json.MAPPER.readTree(json.replace("\"version\" : 1", "\"version\" : 2"))))
        .hasMessageStartingWith("version: expected 1, got 2");
    assertThatThrownBy(
            () ->
                BaselineFile.parse(
                    Json.MAPPER.readTree(json.replace("\"categorical\"", "\"ordinal\""))))
        .hasMessageStartingWith("features[1].kind: expected 'numeric' or 'categorical'");
    assertThatThrownBy(
            () -> BaselineFile.parse(Json.MAPPER.readTree(json.replace("\"min\" : 1.0,", ""))))
        .hasMessageStartingWith("features[0].min: expected a number");
  }
}
