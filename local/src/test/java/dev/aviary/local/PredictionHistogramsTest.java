package dev.aviary.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aviary.monitor.Histogram;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class PredictionHistogramsTest {
  private static final String TEXT =
      "# HELP aviary_prediction_value x\n"
          + "# TYPE aviary_prediction_value histogram\n"
          + "aviary_prediction_value_bucket{model=\"fraud\",output=\"output\",version=\"1\",le=\"0.1\"}"
          + " 8.0\n"
          + "aviary_prediction_value_bucket{model=\"fraud\",output=\"output\",version=\"1\",le=\"0.5\"}"
          + " 9.0\n"
          + "aviary_prediction_value_bucket{model=\"fraud\",output=\"output\",version=\"1\",le=\"+Inf\"}"
          + " 16.0\n"
          + "aviary_prediction_value_count{model=\"fraud\",output=\"output\",version=\"1\"} 16.0\n"
          + "aviary_requests_total{le=\"0.1\"} 99\n";

  @Test
  void reads_cumulative_buckets_and_turns_them_into_bins() {
    TreeMap<Double, Double> c = PredictionHistograms.cumulative(TEXT);
    assertThat(c)
        .containsEntry(0.1, 8.0)
        .containsEntry(0.5, 9.0)
        .containsEntry(Double.POSITIVE_INFINITY, 16.0)
        .hasSize(3);
    assertThat(PredictionHistograms.toHistogram(c, c.keySet())).isEqualTo(Histogram.of(8, 1, 7));
  }

  @Test
  void replicas_add_up() {
    TreeMap<Double, Double> sum = new TreeMap<>();
    PredictionHistograms.add(sum, PredictionHistograms.cumulative(TEXT));
    PredictionHistograms.add(sum, PredictionHistograms.cumulative(TEXT));
    assertThat(PredictionHistograms.toHistogram(sum, List.of(0.1, 0.5, Double.POSITIVE_INFINITY)))
        .isEqualTo(Histogram.of(16, 2, 14));
  }
}
