package dev.aviary.durations;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LatencyBucketsTest {

  @Test
  void the_bounds_ascend_from_half_a_millisecond_to_thirty_seconds() {
    Duration[] b = LatencyBuckets.bounds();
    assertThat(b[0]).isEqualTo(Duration.ofNanos(500_000));
    assertThat(b[b.length - 1]).isEqualTo(Duration.ofSeconds(30));
    for (int i = 1; i < b.length; i++) {
      assertThat(b[i]).isGreaterThan(b[i - 1]);
    }
  }

  @Test
  void a_caller_cannot_change_the_layout_for_everyone_else() {
    LatencyBuckets.bounds()[0] = Duration.ofHours(1);
    assertThat(LatencyBuckets.bounds()[0]).isEqualTo(Duration.ofNanos(500_000));
  }
}
