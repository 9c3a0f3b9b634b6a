package dev.aviary.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.aviary.monitor.DatasetDrift.Correction;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class DatasetDriftTest {

  static ColumnStatistics tested(String pValueKey, double p, int n) {
    ColumnType type = pValueKey.startsWith("ks") ? ColumnType.NUMERICAL : ColumnType.CATEGORICAL;
    return new ColumnStatistics(type, n, n, Map.of(pValueKey, p));
  }

  static ColumnStatistics distance(String key, double v, ColumnType type) {
    return new ColumnStatistics(type, 5000, 5000, Map.of(key, v));
  }

  @Nested
  class Defaults {
    @Test
    void small_references_are_tested_and_large_ones_measured_like_evidently() {
      assertThat(ColumnMeasure.defaultFor(ColumnType.NUMERICAL, 1000)).isEqualTo(ColumnMeasure.KS);
      assertThat(ColumnMeasure.defaultFor(ColumnType.NUMERICAL, 1001))
          .isEqualTo(ColumnMeasure.WASSERSTEIN_NORMED);
      assertThat(ColumnMeasure.defaultFor(ColumnType.CATEGORICAL, 1000))
          .isEqualTo(ColumnMeasure.CHI2_GOF);
      assertThat(ColumnMeasure.defaultFor(ColumnType.CATEGORICAL, 1001))
          .isEqualTo(ColumnMeasure.JS);
    }

    @Test
    void the_data_set_drifts_when_at_least_half_the_columns_do() {
      Map<String, ColumnStatistics> columns = new LinkedHashMap<>();
      columns.put("amount", distance("wasserstein_normed", 0.1, ColumnType.NUMERICAL));
      columns.put("merchant", distance("js_distance", 0.09, ColumnType.CATEGORICAL));
      DatasetDrift.Result r = DatasetDrift.decide(columns, Map.of(), Correction.NONE, 0.5);
      assertThat(r.columns().get("amount").drifted()).isTrue(); // at the threshold drifts
      assertThat(r.columns().get("merchant").drifted()).isFalse();
      assertThat(r.shareDrifted()).isEqualTo(0.5);
      assertThat(r.datasetDrift()).isTrue();
    }
  }

  @Nested
  class Corrections {
    Map<String, ColumnStatistics> columns() {
      Map<String, ColumnStatistics> c = new LinkedHashMap<>();
      c.put("a", tested("ks_pvalue", 0.01, 100));
      c.put("b", tested("ks_pvalue", 0.04, 100));
      c.put("c", tested("chi2_gof_pvalue", 0.03, 100));
      c.put("d", distance("psi", 0.5, ColumnType.NUMERICAL)); // not a test: not counted
      return c;
    }

    Map<String, DatasetDrift.Override> psiForD() {
      return Map.of("d", new DatasetDrift.Override(ColumnMeasure.PSI, null));
    }

    @Test
    void bonferroni_multiplies_by_the_number_of_tests() {
      DatasetDrift.Result r = DatasetDrift.decide(columns(), psiForD(), Correction.BONFERRONI, 0.5);
      assertThat(r.columns().get("a").adjustedPValue()).isCloseTo(0.03, within(1e-15));
      assertThat(r.columns().get("b").adjustedPValue()).isCloseTo(0.12, within(1e-15));
      assertThat(r.columns().get("a").drifted()).isTrue();
      assertThat(r.columns().get("c").drifted()).isFalse();
      assertThat(r.columns().get("d").adjustedPValue()).isNaN();
      assertThat(r.columns().get("d").drifted()).isTrue();
    }

    @Test
    void benjamini_hochberg_steps_up_from_the_largest_p_value() {
      // sorted 0.01, 0.03, 0.04 -> 0.03, 0.045, 0.04 -> monotone from the top: 0.03, 0.04, 0.04
      DatasetDrift.Result r =
          DatasetDrift.decide(columns(), psiForD(), Correction.BENJAMINI_HOCHBERG, 0.5);
      assertThat(r.columns().get("a").adjustedPValue()).isCloseTo(0.03, within(1e-15));
      assertThat(r.columns().get("c").adjustedPValue()).isCloseTo(0.04, within(1e-15));
      assertThat(r.columns().get("b").adjustedPValue()).isCloseTo(0.04, within(1e-15));
      assertThat(r.shareDrifted()).isEqualTo(1.0);
    }

    @Test
    void a_threshold_override_applies_to_the_corrected_p_value() {
      DatasetDrift.Result r =
          DatasetDrift.decide(
              columns(),
              Map.of(
                  "b",
                  new DatasetDrift.Override(null, 0.2),
                  "d",
                  new DatasetDrift.Override(ColumnMeasure.PSI, null)),
              Correction.BONFERRONI,
              0.5);
      assertThat(r.columns().get("b").threshold()).isEqualTo(0.2);
      assertThat(r.columns().get("b").drifted()).isTrue();
    }
  }

  @Nested
  class BadInput {
    @Test
    void a_measure_of_the_wrong_type_names_the_column() {
      Map<String, ColumnStatistics> c =
          Map.of("merchant", distance("js_distance", 0.2, ColumnType.CATEGORICAL));
      assertThatThrownBy(
              () ->
                  DatasetDrift.decide(
                      c,
                      Map.of("merchant", new DatasetDrift.Override(ColumnMeasure.KS, null)),
                      Correction.NONE,
                      0.5))
          .hasMessageContaining("column 'merchant'")
          .hasMessageContaining("ks does not apply to a categorical column");
    }

    @Test
    void an_override_for_a_column_not_compared_is_an_error() {
      Map<String, ColumnStatistics> c =
          Map.of("amount", distance("psi", 0.2, ColumnType.NUMERICAL));
      assertThatThrownBy(
              () ->
                  DatasetDrift.decide(
                      c,
                      Map.of("amuont", new DatasetDrift.Override(null, 0.3)),
                      Correction.NONE,
                      0.5))
          .hasMessageContaining("unknown column 'amuont'");
    }
  }

  @Test
  void columns_compute_every_measure_of_their_type() {
    ColumnStatistics n =
        ColumnStatistics.numerical(new double[] {3, 1, 2, 5, 4}, new double[] {9, 7, 8});
    assertThat(n.values().keySet())
        .containsExactly(
            "ks_statistic", "ks_pvalue", "wasserstein", "wasserstein_normed", "psi", "js_distance");
    assertThat(n.values().get("ks_statistic")).isEqualTo(1.0);
    assertThat(n.values().get("wasserstein")).isCloseTo(5.0, within(1e-12));
    ColumnStatistics c =
        ColumnStatistics.categorical(new String[] {"a", "b", "a"}, new String[] {"a", "c"});
    assertThat(c.values().get("chi2_gof_statistic")).isInfinite();
    assertThat(c.values().get("chi2_gof_pvalue")).isZero();
    assertThat(c.referenceSize()).isEqualTo(3);
  }
}
