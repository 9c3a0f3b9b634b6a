package dev.aviary.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class SlidingWindowTest {
  /** A clock the test moves by hand. */
  static final class TestClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneId.of("UTC");
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private final TestClock clock = new TestClock();
  private final SlidingWindow window = new SlidingWindow(clock);

  private static long ms(double ms) {
    return (long) (ms * 1_000_000);
  }

  @Test
  void countsRequestsAndSuccessesInsideTheWindowOnly() {
    for (int i = 0; i < 10; i++) {
      window.record(ms(5), i != 0 ? 200 : 503);
    }
    clock.advance(Duration.ofSeconds(40));
    for (int i = 0; i < 4; i++) {
      window.record(ms(5), i < 2 ? 204 : 404 + (i - 2) * 100);
    }

    assertThat(window.snapshot(Duration.ofSeconds(30)).requests()).isEqualTo(4);
    assertThat(window.snapshot(Duration.ofSeconds(30)).successRate()).isEqualTo(0.75);
    assertThat(window.snapshot(Duration.ofSeconds(30)).outcomes())
        .containsExactlyInAnyOrderEntriesOf(java.util.Map.of("2xx", 2L, "4xx", 1L, "5xx", 1L));
    assertThat(window.snapshot(Duration.ofSeconds(60)).requests()).isEqualTo(14);
    assertThat(window.snapshot(Duration.ofSeconds(60)).successes()).isEqualTo(12);

    clock.advance(Duration.ofSeconds(300));
    assertThat(window.snapshot(Duration.ofSeconds(300)).requests()).isZero();
    assertThat(window.snapshot(Duration.ofSeconds(300)).successRate()).isNaN();
  }

  @Test
  void quantilesAreWithinABucketOfTheTruth() {
    for (int i = 1; i <= 1000; i++) {
      window.record(ms(i / 10.0), 200); // 0.1 ms .. 100 ms, uniform
    }
    SlidingWindow.Snapshot s = window.snapshot(Duration.ofSeconds(30));

    assertThat(s.p50Ms()).isCloseTo(50, within(50 * 0.2));
    assertThat(s.p90Ms()).isCloseTo(90, within(90 * 0.2));
    assertThat(s.p99Ms()).isCloseTo(99, within(99 * 0.2));
  }

  @Test
  void aSlotIsReusedAfterFiveMinutes() {
    window.record(ms(1), 200);
    clock.advance(Duration.ofSeconds(SlidingWindow.SECONDS));
    window.record(ms(1), 500);

    SlidingWindow.Snapshot s = window.snapshot(Duration.ofSeconds(300));
    assertThat(s.requests()).isEqualTo(1);
    assertThat(s.successes()).isZero();
  }

  @Test
  void latencyBucketsGrowByTwentyPercent() {
    assertThat(SlidingWindow.bucket(0.05)).isZero();
    assertThat(SlidingWindow.upperBound(SlidingWindow.bucket(1.0))).isBetween(1.0, 1.2);
    assertThat(SlidingWindow.bucket(1e9)).isEqualTo(SlidingWindow.BUCKETS - 1);
  }
}
