package dev.aviary.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SmoothWeightedRoundRobinTest {

  private static int[] counts(int[] weights, int picks) {
    SmoothWeightedRoundRobin wrr = new SmoothWeightedRoundRobin(weights);
    int[] counts = new int[weights.length];
    for (int i = 0; i < picks; i++) {
      counts[wrr.next()]++;
    }
    return counts;
  }

  @Test
  void ninetyTenOverAThousandIsExact() {
    assertThat(counts(new int[] {90, 10}, 1000)).containsExactly(900, 100);
  }

  @Test
  void everyWindowOfOneHundredIsExact() {
    SmoothWeightedRoundRobin wrr = new SmoothWeightedRoundRobin(new int[] {70, 20, 10});
    for (int window = 0; window < 5; window++) {
      int[] counts = new int[3];
      for (int i = 0; i < 100; i++) {
        counts[wrr.next()]++;
      }
      assertThat(counts).containsExactly(70, 20, 10);
    }
  }

  @Test
  void shortWindowsStayCloseToTheWeights() {
    // Spread out, not in bursts: any 10 consecutive picks of a 90/10 split hold exactly one v2.
    SmoothWeightedRoundRobin wrr = new SmoothWeightedRoundRobin(new int[] {90, 10});
    int[] seq = new int[200];
    for (int i = 0; i < seq.length; i++) {
      seq[i] = wrr.next();
    }
    for (int start = 0; start + 10 <= seq.length; start++) {
      int v2 = 0;
      for (int i = start; i < start + 10; i++) {
        v2 += seq[i];
      }
      assertThat(v2).isBetween(0, 2);
    }
  }

  @Test
  void weightsZeroAndOneHundredAreExact() {
    assertThat(counts(new int[] {0, 100}, 997)).containsExactly(0, 997);
    assertThat(counts(new int[] {100, 0, 0}, 13)).containsExactly(13, 0, 0);
  }

  @Test
  void refusesWeightsThatCannotBeSplit() {
    assertThatThrownBy(() -> new SmoothWeightedRoundRobin(new int[] {0, 0}))
        .hasMessageContaining("positive");
    assertThatThrownBy(() -> new SmoothWeightedRoundRobin(new int[] {-1, 101}))
        .hasMessageContaining("negative");
  }
}
