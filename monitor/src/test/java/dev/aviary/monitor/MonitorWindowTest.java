package dev.aviary.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Example;

class MonitorWindowTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static double[] range(int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = i;
    }
    return v;
  }

  private static Baseline baseline() {
    String[] colours = new String[100];
    for (int i = 0; i < 100; i++) {
      colours[i] = Integer.toString(i % 4);
    }
    return new Baseline(
        100,
        null,
        List.of(
            FeatureBaseline.numeric("x", range(100)), FeatureBaseline.categorical("c", colours)),
        Map.of());
  }

  private static MonitorWindow window(int capacity, Duration maxAge, int minRows) {
    return new MonitorWindow(
        baseline(), MonitorPolicy.DEFAULT.withWindow(capacity, maxAge, minRows));
  }

  @Example
  void scores_are_nan_until_the_window_holds_the_minimum_rows() {
    MonitorWindow w = window(50, null, 10);
    for (int i = 0; i < 9; i++) {
      w.add(new double[] {i * 10, i % 4}, T0);
    }
    WindowReport r = w.report(T0);
    assertThat(r.rows()).isEqualTo(9);
    assertThat(r.feature("x").score()).isNaN();
    assertThat(r.feature("x").drifted()).isNull();
    assertThat(r.driftShare()).isNaN();
    assertThat(r.datasetDrift()).isNull();
    w.add(new double[] {95, 1}, T0);
    assertThat(w.report(T0).feature("x").score()).isNotNaN();
  }

  @Example
  void scores_equal_the_offline_measures_over_the_same_rows() {
    MonitorWindow w = window(100, null, 10);
    double[] current = new double[40];
    String[] cats = new String[40];
    for (int i = 0; i < 40; i++) {
      current[i] = 50 + i;
      cats[i] = i < 30 ? "0" : "1";
      w.add(new double[] {current[i], i < 30 ? 0 : 1}, T0);
    }
    WindowReport r = w.report(T0);
    ColumnStatistics offline = ColumnStatistics.numerical(range(100), current.clone());
    assertThat(r.feature("x").measure()).isEqualTo("psi");
    assertThat(r.feature("x").score()).isCloseTo(offline.values().get("psi"), within(1e-12));
    assertThat(r.feature("x").drifted()).isTrue();
    String[] refCats = new String[100];
    for (int i = 0; i < 100; i++) {
      refCats[i] = Integer.toString(i % 4);
    }
    ColumnStatistics offlineC = ColumnStatistics.categorical(refCats, cats);
    assertThat(r.feature("c").measure()).isEqualTo("jensen_shannon");
    assertThat(r.feature("c").score())
        .isCloseTo(offlineC.values().get("js_distance"), within(1e-12));
    assertThat(r.driftShare()).isEqualTo(1.0);
    assertThat(r.datasetDrift()).isTrue();
  }

  @Example
  void a_window_like_the_baseline_does_not_drift() {
    MonitorWindow w = window(100, null, 10);
    for (int i = 0; i < 100; i++) {
      w.add(new double[] {i, i % 4}, T0);
    }
    WindowReport r = w.report(T0);
    assertThat(r.feature("x").score()).isCloseTo(0, within(1e-12));
    assertThat(r.feature("c").drifted()).isFalse();
    assertThat(r.datasetDrift()).isFalse();
  }

  @Example
  void the_oldest_rows_leave_when_the_window_is_full() {
    MonitorWindow w = window(20, null, 5);
    for (int i = 0; i < 20; i++) {
      w.add(new double[] {Double.NaN, 1}, T0);
    }
    assertThat(w.report(T0).feature("x").missingRatio()).isEqualTo(1.0);
    for (int i = 0; i < 15; i++) {
      w.add(new double[] {500, 9}, T0);
    }
    WindowReport r = w.report(T0);
    assertThat(r.rows()).isEqualTo(20);
    assertThat(r.feature("x").missingRatio()).isEqualTo(0.25);
    assertThat(r.feature("x").outOfRangeRatio()).isEqualTo(1.0);
    assertThat(r.feature("c").outOfRangeRatio()).isEqualTo(0.75);
  }

  @Example
  void rows_older_than_the_age_limit_leave_by_the_clock() {
    MonitorWindow w = window(100, Duration.ofMinutes(5), 1);
    w.add(new double[] {1, 1}, T0);
    w.add(new double[] {2, 1}, T0.plusSeconds(200));
    assertThat(w.rows(T0.plusSeconds(299))).isEqualTo(2);
    assertThat(w.rows(T0.plusSeconds(301))).isEqualTo(1);
    assertThat(w.rows(T0.plusSeconds(501))).isZero();
    assertThat(w.report(T0.plusSeconds(501)).feature("x").score()).isNaN();
  }

  @Example
  void category_keys_of_numbers_match_csv_text() {
    assertThat(FeatureBaseline.categoryOf(3.0)).isEqualTo("3");
    assertThat(FeatureBaseline.categoryOf(-1)).isEqualTo("-1");
    assertThat(FeatureBaseline.categoryOf(2.5)).isEqualTo("2.5");
  }
}
