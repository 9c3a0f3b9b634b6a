package dev.aviary.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aviary.gateway.GatewayConfig.Outlier;
import org.junit.jupiter.api.Test;

class OutlierDetectorTest {
  private static final long MS = 1_000_000L;
  private final Outlier settings = new Outlier(3, 100, 350, 50);
  private final OutlierDetector detector = new OutlierDetector();

  @Test
  void ejectsAfterConsecutiveFailuresOnly() {
    assertThat(detector.failure(0, settings, true)).isFalse();
    assertThat(detector.failure(0, settings, true)).isFalse();
    detector.success(0, settings);
    assertThat(detector.failure(0, settings, true)).isFalse();
    assertThat(detector.failure(0, settings, true)).isFalse();
    assertThat(detector.isEjected(0)).isFalse();

    assertThat(detector.failure(1 * MS, settings, true)).isTrue();
    assertThat(detector.isEjected(1 * MS)).isTrue();
    assertThat(detector.isEjected(100 * MS)).isTrue();
    assertThat(detector.isEjected(101 * MS)).isFalse();
  }

  @Test
  void ejectionTimeDoublesAndIsCapped() {
    long now = 0;
    long[] expected = {100, 200, 350, 350};
    for (long duration : expected) {
      for (int i = 0; i < 3; i++) {
        detector.failure(now, settings, true);
      }
      assertThat(detector.isEjected(now + duration * MS - 1)).isTrue();
      assertThat(detector.isEjected(now + duration * MS)).isFalse();
      now += duration * MS;
    }
    assertThat(detector.ejections()).isEqualTo(4);
  }

  @Test
  void theMultiplierResetsAfterALongHealthyPeriod() {
    for (int i = 0; i < 3; i++) {
      detector.failure(0, settings, true);
    }
    detector.success(100 * MS + 351 * MS, settings);
    assertThat(detector.ejections()).isZero();
  }

  @Test
  void doesNotEjectWhenTheRevisionCannotAffordIt() {
    for (int i = 0; i < 5; i++) {
      assertThat(detector.failure(0, settings, false)).isFalse();
    }
    assertThat(detector.isEjected(0)).isFalse();
  }

  @Test
  void zeroConsecutiveFailuresDisablesEjection() {
    Outlier off = new Outlier(0, 100, 350, 50);
    for (int i = 0; i < 10; i++) {
      assertThat(detector.failure(0, off, true)).isFalse();
    }
  }
}
