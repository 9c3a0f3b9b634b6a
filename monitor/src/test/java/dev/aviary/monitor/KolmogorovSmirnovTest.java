package dev.aviary.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import net.jqwik.api.Example;

class KolmogorovSmirnovTest extends DriftMeasureContract {
  @Override
  DriftMeasure measure() {
    return DriftMeasure.KOLMOGOROV_SMIRNOV;
  }

  @Example
  void is_the_largest_gap_between_the_cumulative_shares() {
    // CDFs: ref 0.2 0.5 1.0, cur 0.1 0.2 1.0 -> gaps 0.1 0.3 0
    assertThat(measure().measure(Histogram.of(2, 3, 5), Histogram.of(1, 1, 8)))
        .isCloseTo(0.3, within(1e-12));
  }
}
