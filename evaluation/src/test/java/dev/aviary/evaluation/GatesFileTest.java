package dev.aviary.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class GatesFileTest {
  private static GatesFile parse(String yaml) {
    return GatesFile.parse("gates.yaml", yaml, BinaryMetrics.NAMES);
  }

  @Test
  void everyGateForm_isRead() {
    GatesFile g =
        parse(
            """
            threshold: 0.3
            gates:
              - metric: auc
                min: 0.85
              - metric: auc
                minDeltaVsChampion: -0.005
              - metric: logLoss
                maxDeltaVsChampion: 0.01
              - metric: brier
                max: 0.05
              - test: mcnemar
              - test: delong
                alpha: 0.01
              - latencyP99: 20ms
            """);
    assertThat(g.threshold()).isEqualTo(0.3);
    assertThat(g.gates())
        .containsExactly(
            new Gate(Gate.Kind.MIN, "auc", 0.85),
            new Gate(Gate.Kind.MIN_DELTA, "auc", -0.005),
            new Gate(Gate.Kind.MAX_DELTA, "logLoss", 0.01),
            new Gate(Gate.Kind.MAX, "brier", 0.05),
            new Gate(Gate.Kind.NOT_WORSE, "mcnemar", 0.05),
            new Gate(Gate.Kind.NOT_WORSE, "delong", 0.01),
            new Gate(Gate.Kind.LATENCY, "latencyP99", 20));
  }

  @Test
  void aBareList_usesTheDefaultThreshold() {
    GatesFile g = parse("- metric: recall\n  min: 0.6\n");
    assertThat(g.threshold()).isEqualTo(0.5);
    assertThat(g.gates()).containsExactly(new Gate(Gate.Kind.MIN, "recall", 0.6));
  }

  @Test
  void everyProblem_isReportedWithItsPath() {
    assertThatThrownBy(
            () ->
                parse(
                    """
                    threshold: 2
                    gates:
                      - metric: aucc
                        min: 0.8
                      - metric: auc
                        minimum: 0.8
                      - metric: auc
                        min: high
                      - test: ttest
                      - latencyP99: soon
                      - metric: auc
                        min: 0.8
                        max: 0.9
                    extra: 1
                    """))
        .isInstanceOf(GatesException.class)
        .hasMessageStartingWith("gates.yaml: ")
        .hasMessageContaining("extra: unknown key")
        .hasMessageContaining("threshold: expected a number between 0 and 1")
        .hasMessageContaining("gates[0].metric: unknown metric 'aucc'")
        .hasMessageContaining("gates[1].minimum: unknown key")
        .hasMessageContaining("gates[2].min: expected a number, was \"high\"")
        .hasMessageContaining("gates[3].test: unknown test 'ttest'")
        .hasMessageContaining("gates[4].latencyP99: expected a duration")
        .hasMessageContaining("gates[5]: one bound per gate");
  }

  @Test
  void notYaml_orNoGates_isRefused() {
    assertThatThrownBy(() -> parse("threshold: ["))
        .hasMessageStartingWith("gates.yaml: not valid YAML");
    assertThatThrownBy(() -> parse("threshold: 0.4"))
        .hasMessage("gates.yaml: gates: expected a list of gates");
  }

  @Test
  void defaults_compareWithTheChampion() {
    assertThat(GatesFile.defaults().gates())
        .extracting(Gate::metric)
        .containsExactlyElementsOf(List.of("auc", "logLoss", "mcnemar"));
  }
}
