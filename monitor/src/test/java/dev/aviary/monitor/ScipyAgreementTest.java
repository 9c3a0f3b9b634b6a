package dev.aviary.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The measures agree with scipy on the samples of {@code drift-fixtures.json}, which {@code
 * make_fixtures.py} (next to it) wrote with Debian's python3-scipy: 1e-9 relative, p-values 1e-6.
 */
class ScipyAgreementTest {
  static final JsonNode FIXTURES = read();

  static JsonNode read() {
    try (InputStream in = ScipyAgreementTest.class.getResourceAsStream("drift-fixtures.json")) {
      return new ObjectMapper().readTree(in);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @TestFactory
  List<DynamicTest> numerical_columns() {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode c : FIXTURES.get("numerical")) {
      tests.add(
          DynamicTest.dynamicTest(
              c.get("name").asText(),
              () -> {
                double[] ref = sorted(c.get("reference"));
                double[] cur = sorted(c.get("current"));
                TwoSample.Significance ks = TwoSample.kolmogorovSmirnov(ref, cur);
                close("ks_statistic", ks.statistic(), c, 1e-9);
                close("ks_pvalue", ks.pValue(), c, 1e-6);
                double w = TwoSample.wasserstein(ref, cur);
                close("wasserstein", w, c, 1e-9);
                close("wasserstein_normed", w / TwoSample.standardDeviation(ref), c, 1e-9);
                DecileBins bins = DecileBins.of(ref);
                assertThat(bins.innerEdges()).containsExactly(doubles(c.get("bin_edges")));
                assertThat(bins.count(cur).counts())
                    .containsExactly(doubles(c.get("current_bins")));
                close("psi", DriftMeasure.PSI.measure(bins.count(ref), bins.count(cur)), c, 1e-9);
                close(
                    "js_distance",
                    DriftMeasure.JENSEN_SHANNON.measure(bins.count(ref), bins.count(cur)),
                    c,
                    1e-9);
              }));
    }
    return tests;
  }

  @TestFactory
  List<DynamicTest> categorical_columns() {
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode c : FIXTURES.get("categorical")) {
      tests.add(
          DynamicTest.dynamicTest(
              c.get("name").asText(),
              () -> {
                Map<String, long[]> counts = new TreeMap<>();
                c.get("reference")
                    .forEach(v -> counts.computeIfAbsent(v.asText(), k -> new long[2])[0]++);
                c.get("current")
                    .forEach(v -> counts.computeIfAbsent(v.asText(), k -> new long[2])[1]++);
                long[] ref = counts.values().stream().mapToLong(a -> a[0]).toArray();
                long[] cur = counts.values().stream().mapToLong(a -> a[1]).toArray();
                TwoSample.Significance gof = Categories.goodnessOfFit(ref, cur);
                if (c.get("chi2_gof_statistic").isTextual()) {
                  assertThat(gof.statistic()).isInfinite();
                } else {
                  close("chi2_gof_statistic", gof.statistic(), c, 1e-9);
                }
                close("chi2_gof_pvalue", gof.pValue(), c, 1e-6);
                TwoSample.Significance cont = Categories.contingency(ref, cur);
                close("chi2_contingency_statistic", cont.statistic(), c, 1e-9);
                close("chi2_contingency_pvalue", cont.pValue(), c, 1e-6);
                close(
                    "js_distance",
                    DriftMeasure.JENSEN_SHANNON.measure(
                        Histogram.of(java.util.Arrays.stream(ref).asDoubleStream().toArray()),
                        Histogram.of(java.util.Arrays.stream(cur).asDoubleStream().toArray())),
                    c,
                    1e-9);
              }));
    }
    return tests;
  }

  static void close(String field, double actual, JsonNode fixture, double relative) {
    double expected = fixture.get(field).asDouble();
    assertThat(Math.abs(actual - expected))
        .as("%s: %s vs scipy %s", field, actual, expected)
        .isLessThanOrEqualTo(relative * Math.abs(expected));
  }

  static double[] doubles(JsonNode array) {
    double[] out = new double[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asDouble();
    }
    return out;
  }

  static double[] sorted(JsonNode array) {
    double[] out = doubles(array);
    java.util.Arrays.sort(out);
    return out;
  }
}
