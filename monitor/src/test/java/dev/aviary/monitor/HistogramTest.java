package dev.aviary.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.Example;

class HistogramTest {
  @Example
  void cumulative_counts_become_bin_counts() {
    assertThat(Histogram.fromCumulative(1, 4, 4, 10)).isEqualTo(Histogram.of(1, 3, 0, 6));
  }

  @Example
  void decreasing_cumulative_counts_are_rejected_with_the_bin() {
    assertThatThrownBy(() -> Histogram.fromCumulative(1, 4, 3)).hasMessageContaining("bin 2");
  }

  @Example
  void negative_or_nan_counts_are_rejected() {
    assertThatThrownBy(() -> Histogram.of(1, -1)).hasMessageContaining("bin 1");
    assertThatThrownBy(() -> Histogram.of(Double.NaN)).hasMessageContaining("bin 0");
  }

  @Example
  void minus_an_earlier_snapshot_gives_what_happened_in_between() {
    assertThat(Histogram.of(10, 20).minus(Histogram.of(4, 20))).isEqualTo(Histogram.of(6, 0));
  }
}
