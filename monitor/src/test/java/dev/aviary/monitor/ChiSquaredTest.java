package dev.aviary.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import net.jqwik.api.Example;

class ChiSquaredTest extends DriftMeasureContract {
  @Override
  DriftMeasure measure() {
    return DriftMeasure.CHI_SQUARED;
  }

  @Example
  void is_the_sum_of_squared_share_differences_over_the_reference_share() {
    // (0.6-0.5)^2/0.5 + (0.4-0.5)^2/0.5 = 0.04
    assertThat(measure().measure(Histogram.of(5, 5), Histogram.of(6, 4)))
        .isCloseTo(0.04, within(1e-12));
  }
}
