package dev.aviary.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Example;

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

  private static TreeMap<Double, Double> counts(double... boundsAndCounts) {
    TreeMap<Double, Double> m = new TreeMap<>();
    for (int i = 0; i < boundsAndCounts.length; i += 2) {
      m.put(boundsAndCounts[i], boundsAndCounts[i + 1]);
    }
    return m;
  }

  @Example
  void reads_cumulative_buckets_and_turns_them_into_bins() {
    TreeMap<Double, Double> c = PredictionHistograms.cumulative(TEXT);
    assertThat(c)
        .containsEntry(0.1, 8.0)
        .containsEntry(0.5, 9.0)
        .containsEntry(Double.POSITIVE_INFINITY, 16.0)
        .hasSize(3);
    assertThat(PredictionHistograms.toHistogram(c, c.keySet())).isEqualTo(Histogram.of(8, 1, 7));
  }

  @Example
  void a_label_that_only_ends_in_le_is_not_the_bound() {
    String text = "aviary_prediction_value_bucket{sale=\"7\",le=\"0.5\"} 3\n";
    assertThat(PredictionHistograms.cumulative(text)).containsExactly(Map.entry(0.5, 3.0));
  }

  @Example
  void malformed_lines_are_skipped() {
    String text =
        "aviary_prediction_value_bucket{le=\"abc\"} 3\n"
            + "aviary_prediction_value_bucket{le=\"0.5\"} NaNish\n"
            + "aviary_prediction_value_bucket{le=\"0.5\n"
            + "aviary_prediction_value_bucket{le=\"1\"} 2\n";
    assertThat(PredictionHistograms.cumulative(text)).containsExactly(Map.entry(1.0, 2.0));
  }

  @Example
  void replicas_add_up() {
    TreeMap<Double, Double> sum = new TreeMap<>();
    PredictionHistograms.add(sum, PredictionHistograms.cumulative(TEXT));
    PredictionHistograms.add(sum, PredictionHistograms.cumulative(TEXT));
    assertThat(PredictionHistograms.toHistogram(sum, List.of(0.1, 0.5, Double.POSITIVE_INFINITY)))
        .isEqualTo(Histogram.of(16, 2, 14));
  }

  @Example
  void a_bound_one_side_lacks_counts_what_the_bound_below_counts() {
    TreeMap<Double, Double> c = counts(0.1, 8, Double.POSITIVE_INFINITY, 16);
    assertThat(PredictionHistograms.toHistogram(c, List.of(0.1, 0.5, Double.POSITIVE_INFINITY)))
        .isEqualTo(Histogram.of(8, 0, 8));
  }

  @Example
  void a_window_is_the_difference_and_a_reset_counts_everything_since() {
    TreeMap<Double, Double> before = counts(0.5, 4, 1, 10);
    TreeMap<Double, Double> after = counts(0.5, 6, 1, 15);
    assertThat(PredictionHistograms.since(after, before)).isEqualTo(counts(0.5, 2, 1, 5));
    TreeMap<Double, Double> restarted = counts(0.5, 1, 1, 1);
    assertThat(PredictionHistograms.since(restarted, before)).isEqualTo(restarted);
    assertThat(PredictionHistograms.since(after, null)).isEqualTo(after);
  }

  @Example
  void drift_is_zero_for_the_same_shape_and_grows_when_it_moves() {
    TreeMap<Double, Double> ref = counts(0.5, 80, 1, 100);
    assertThat(PredictionHistograms.drift(DriftMeasure.PSI, ref, counts(0.5, 8, 1, 10)))
        .isCloseTo(0, within(1e-12));
    assertThat(PredictionHistograms.drift(DriftMeasure.PSI, ref, counts(0.5, 20, 1, 100)))
        .isGreaterThan(0.25);
  }

  @Example
  void no_predictions_on_either_side_is_no_data_not_no_drift() {
    TreeMap<Double, Double> ref = counts(0.5, 80, 1, 100);
    assertThat(PredictionHistograms.drift(DriftMeasure.PSI, ref, new TreeMap<>())).isNaN();
    assertThat(PredictionHistograms.drift(DriftMeasure.PSI, new TreeMap<>(), ref)).isNaN();
    assertThat(PredictionHistograms.drift(DriftMeasure.PSI, ref, counts(0.5, 0, 1, 0))).isNaN();
  }
}
