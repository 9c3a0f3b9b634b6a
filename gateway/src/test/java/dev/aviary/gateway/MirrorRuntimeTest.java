package dev.aviary.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MirrorRuntimeTest {

  private static int sampled(int percent, int requests) {
    MirrorRuntime m = new MirrorRuntime(null, percent, Map.of());
    int n = 0;
    for (int i = 0; i < requests; i++) {
      if (m.sample()) {
        n++;
      }
    }
    return n;
  }

  @Test
  void copiesExactlyThePercentage() {
    assertThat(sampled(100, 250)).isEqualTo(250);
    assertThat(sampled(0, 250)).isZero();
    assertThat(sampled(25, 100)).isEqualTo(25);
    assertThat(sampled(33, 300)).isEqualTo(99);
    assertThat(sampled(1, 99)).isZero();
    assertThat(sampled(1, 100)).isEqualTo(1);
  }
}
