package dev.aviary.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
  @Test
  void doubles_from_one_second_up_to_the_maximum() {
    Backoff b = Backoff.DEFAULT;
    assertThat(b.delay(0)).isEqualTo(Duration.ofSeconds(1));
    assertThat(b.delay(1)).isEqualTo(Duration.ofSeconds(2));
    assertThat(b.delay(3)).isEqualTo(Duration.ofSeconds(8));
    assertThat(b.delay(10)).isEqualTo(Duration.ofSeconds(60));
    assertThat(b.delay(1000)).isEqualTo(Duration.ofSeconds(60));
  }
}
