package dev.aviary.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;

/** What every drift measure promises; each implementation's test extends this. */
abstract class DriftMeasureContract {

  abstract DriftMeasure measure();

  @Provide
  Arbitrary<double[]> counts() {
    return Arbitraries.doubles()
        .between(0, 1000)
        .array(double[].class)
        .ofSize(8)
        .filter(c -> java.util.Arrays.stream(c).sum() > 0);
  }

  @Property(tries = 200)
  void identical_distributions_measure_zero(@ForAll("counts") double[] c) {
    assertThat(measure().measure(Histogram.of(c), Histogram.of(c))).isCloseTo(0, within(1e-9));
  }

  @Property(tries = 200)
  void scaling_the_counts_changes_nothing(
      @ForAll("counts") double[] a,
      @ForAll("counts") double[] b,
      @ForAll @DoubleRange(min = 0.01, max = 100) double k) {
    double[] scaled = b.clone();
    for (int i = 0; i < scaled.length; i++) {
      scaled[i] *= k;
    }
    assertThat(measure().measure(Histogram.of(a), Histogram.of(scaled)))
        .isCloseTo(measure().measure(Histogram.of(a), Histogram.of(b)), within(1e-6));
  }

  @Property(tries = 200)
  void any_two_distributions_measure_finite_and_non_negative(
      @ForAll("counts") double[] a, @ForAll("counts") double[] b) {
    double m = measure().measure(Histogram.of(a), Histogram.of(b));
    assertThat(m).isFinite().isGreaterThanOrEqualTo(0);
  }

  @Property(tries = 100)
  void moving_more_mass_away_measures_more(@ForAll @DoubleRange(min = 0.0, max = 0.45) double s) {
    Histogram ref = Histogram.of(50, 50);
    Histogram near = Histogram.of(50 - 100 * s, 50 + 100 * s);
    Histogram far = Histogram.of(50 - 100 * (s + 0.05), 50 + 100 * (s + 0.05));
    assertThat(measure().measure(ref, far)).isGreaterThan(measure().measure(ref, near));
  }

  @Example
  void a_shifted_fraud_flag_rate_is_clearly_more_than_noise() {
    // 0.5 % flagged vs 8.5 % flagged (the faulty v3 fraud model), against 0.5 % vs 0.6 %.
    Histogram stable = Histogram.of(995, 5);
    double shifted = measure().measure(stable, Histogram.of(915, 85));
    double noise = measure().measure(stable, Histogram.of(994, 6));
    assertThat(shifted).isGreaterThan(10 * noise);
  }

  @Example
  void different_bins_are_rejected() {
    assertThatThrownBy(() -> measure().measure(Histogram.of(1, 2), Histogram.of(1, 2, 3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("same bins");
  }

  @Example
  void an_empty_histogram_is_an_error_not_zero_drift() {
    assertThatThrownBy(() -> measure().measure(Histogram.of(0, 0), Histogram.of(1, 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty");
    assertThatThrownBy(() -> measure().measure(Histogram.of(1, 2), Histogram.of(0, 0)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Example
  void is_found_by_its_name() {
    assertThat(DriftMeasure.named(measure().name())).contains(measure());
  }
}
