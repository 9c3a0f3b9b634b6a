package dev.aviary.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MeasurementsTest {

  private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

  @Test
  void onlyRequestsThatStartAndEndInsideTheWindowCount() {
    assertThat(Measurements.inWindow(10, 20, 10, 20)).isTrue();
    assertThat(Measurements.inWindow(9, 15, 10, 20)).as("started in warm-up").isFalse();
    assertThat(Measurements.inWindow(15, 21, 10, 20)).as("finished after the end").isFalse();
  }

  @Test
  void windowComparisonSurvivesNanoTimeOverflow() {
    long start = Long.MAX_VALUE - 5;
    assertThat(Measurements.inWindow(start + 2, start + 8, start, start + 10)).isTrue();
  }

  @Test
  void separatesOkFromErrorStatusesAndFailures() {
    Measurements m = new Measurements(0, 1_000 * MS);
    m.response(1 * MS, 3 * MS, 200);
    m.response(2 * MS, 4 * MS, 204);
    m.response(3 * MS, 5 * MS, 503);
    m.response(3 * MS, 9 * MS, 503);
    m.response(3 * MS, 9 * MS, 400);
    m.failure(4 * MS, 6 * MS, "timeout");
    m.response(-1 * MS, 2 * MS, 500); // warm-up: not counted

    assertThat(m.counted()).isEqualTo(6);
    assertThat(m.ok()).isEqualTo(2);
    assertThat(m.errors())
        .containsExactly(
            java.util.Map.entry("HTTP 400", 1L),
            java.util.Map.entry("HTTP 503", 2L),
            java.util.Map.entry("timeout", 1L));
    assertThat(m.completedAllPhases()).isEqualTo(7);
    assertThat(m.latencies().getTotalCount()).as("responses only").isEqualTo(5);
    assertThat(m.latencies().getMaxValue()).isBetween(5_990L, 6_010L);
  }
}
