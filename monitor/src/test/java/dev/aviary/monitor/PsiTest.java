package dev.aviary.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import net.jqwik.api.Example;

class PsiTest extends DriftMeasureContract {
  @Override
  DriftMeasure measure() {
    return DriftMeasure.PSI;
  }

  @Example
  void matches_the_textbook_formula() {
    // (0.6-0.5) ln(0.6/0.5) + (0.4-0.5) ln(0.4/0.5)
    double expected = 0.1 * Math.log(1.2) - 0.1 * Math.log(0.8);
    assertThat(measure().measure(Histogram.of(5, 5), Histogram.of(6, 4)))
        .isCloseTo(expected, within(1e-12));
  }

  @Example
  void is_symmetric() {
    Histogram a = Histogram.of(10, 20, 70);
    Histogram b = Histogram.of(30, 30, 40);
    assertThat(measure().measure(a, b)).isCloseTo(measure().measure(b, a), within(1e-12));
  }
}
