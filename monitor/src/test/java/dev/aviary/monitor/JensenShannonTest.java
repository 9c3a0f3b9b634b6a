package dev.aviary.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

class JensenShannonTest extends DriftMeasureContract {
  @Override
  DriftMeasure measure() {
    return DriftMeasure.JENSEN_SHANNON;
  }

  @Example
  void disjoint_distributions_measure_the_square_root_of_ln_2() {
    assertThat(measure().measure(Histogram.of(1, 0), Histogram.of(0, 1)))
        .isCloseTo(Math.sqrt(Math.log(2)), within(1e-12));
  }

  @Property(tries = 100)
  void is_symmetric_and_at_most_the_square_root_of_ln_2(
      @ForAll("counts") double[] a, @ForAll("counts") double[] b) {
    double ab = measure().measure(Histogram.of(a), Histogram.of(b));
    assertThat(ab).isLessThanOrEqualTo(Math.sqrt(Math.log(2)));
    assertThat(ab).isCloseTo(measure().measure(Histogram.of(b), Histogram.of(a)), within(1e-12));
  }
}
