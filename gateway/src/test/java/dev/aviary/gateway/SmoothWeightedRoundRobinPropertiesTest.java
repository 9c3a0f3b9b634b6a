package dev.aviary.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class SmoothWeightedRoundRobinPropertiesTest {

  @Provide
  Arbitrary<int[]> weights() {
    return Arbitraries.integers()
        .between(0, 100)
        .array(int[].class)
        .ofMinSize(1)
        .ofMaxSize(6)
        .filter(w -> java.util.Arrays.stream(w).sum() > 0);
  }

  @Property
  void everyCycleOfTotalWeightPicksIsExact(@ForAll("weights") int[] weights) {
    int total = java.util.Arrays.stream(weights).sum();
    SmoothWeightedRoundRobin wrr = new SmoothWeightedRoundRobin(weights);
    for (int cycle = 0; cycle < 3; cycle++) {
      int[] counts = new int[weights.length];
      for (int i = 0; i < total; i++) {
        counts[wrr.next()]++;
      }
      assertThat(counts).containsExactly(weights);
    }
  }

  @Property
  void noPrefixStraysFarFromTheWeights(@ForAll("weights") int[] weights) {
    int total = java.util.Arrays.stream(weights).sum();
    SmoothWeightedRoundRobin wrr = new SmoothWeightedRoundRobin(weights);
    int[] counts = new int[weights.length];
    for (int k = 1; k <= total; k++) {
      counts[wrr.next()]++;
      for (int i = 0; i < weights.length; i++) {
        double expected = (double) k * weights[i] / total;
        assertThat(Math.abs(counts[i] - expected)).isLessThan(weights.length);
      }
    }
  }
}
