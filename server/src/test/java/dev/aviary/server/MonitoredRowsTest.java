package dev.aviary.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aviary.monitor.Baseline;
import dev.aviary.monitor.FeatureBaseline;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MonitoredRowsTest {
  private static final Baseline BASELINE =
      new Baseline(
          3,
          null,
          List.of(
              FeatureBaseline.numeric("a", new double[] {1, 2, 3}),
              FeatureBaseline.numeric("b", new double[] {1, 2, 3})),
          Map.of());

  @Test
  void one_matrix_input_gives_its_rows_with_the_decimal_the_client_sent() {
    Tensor t =
        new Tensor("input", Datatype.FP32, new long[] {2, 2}, new float[] {0.1f, 2, 3, Float.NaN});
    double[][] rows = MonitoredRows.rows(BASELINE, List.of(t));
    assertThat(rows[0]).containsExactly(0.1, 2.0);
    assertThat(rows[1][0]).isEqualTo(3.0);
    assertThat(rows[1][1]).isNaN();
  }

  @Test
  void one_input_per_feature_is_matched_by_name() {
    Tensor b = new Tensor("b", Datatype.INT64, new long[] {2}, new long[] {7, 8});
    Tensor a = new Tensor("a", Datatype.FP64, new long[] {2, 1}, new double[] {1.5, 2.5});
    double[][] rows = MonitoredRows.rows(BASELINE, List.of(b, a));
    assertThat(rows[0]).containsExactly(1.5, 7.0);
    assertThat(rows[1]).containsExactly(2.5, 8.0);
  }

  @Test
  void inputs_unlike_the_baseline_are_refused_with_the_reason() {
    Tensor t = new Tensor("input", Datatype.FP32, new long[] {1, 3}, new float[] {1, 2, 3});
    assertThatThrownBy(() -> MonitoredRows.rows(BASELINE, List.of(t)))
        .hasMessageContaining("expected one tensor of shape [rows, 2]");
  }

  @Test
  void predicted_labels_come_from_a_label_output_or_the_most_probable_column() {
    Tensor labels = new Tensor("label", Datatype.INT64, new long[] {2}, new long[] {1, 0});
    Tensor probs =
        new Tensor("p", Datatype.FP32, new long[] {2, 2}, new float[] {0.9f, 0.1f, 0.2f, 0.8f});
    assertThat(MonitoredRows.labels(List.of(probs, labels), List.of())).containsExactly("1", "0");
    assertThat(MonitoredRows.labels(List.of(probs), List.of())).containsExactly("0", "1");
    assertThat(MonitoredRows.labels(List.of(probs), List.of("fraud", "legit")))
        .containsExactly("fraud", "legit");
  }
}
