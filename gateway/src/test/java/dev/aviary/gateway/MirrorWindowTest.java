package dev.aviary.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.aviary.gateway.PredictionComparator.Comparison;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class MirrorWindowTest {
  private final SlidingWindowTest.TestClock clock = new SlidingWindowTest.TestClock();
  private final MirrorWindow window = new MirrorWindow(clock);

  @Test
  void reportsOnlyTheFiguresInsideTheWindow() {
    window.sent();
    window.error();
    window.compared(new Comparison(1, 1, 0, 2, 1.8, 0.9)); // disagreement, big differences
    clock.advance(Duration.ofSeconds(90));
    for (int i = 0; i < 3; i++) {
      window.sent();
      window.compared(new Comparison(1, 1, 1, 2, 0.2, 0.1));
    }
    window.dropped();
    window.uncomparable();

    MirrorStats.Snapshot recent = window.snapshot(Duration.ofSeconds(60));
    assertThat(recent.sent()).isEqualTo(3);
    assertThat(recent.errors()).isZero();
    assertThat(recent.dropped()).isEqualTo(1);
    assertThat(recent.uncomparable()).isEqualTo(1);
    assertThat(recent.compared()).isEqualTo(3);
    assertThat(recent.agreement()).isEqualTo(1.0);
    assertThat(recent.meanDiff()).isCloseTo(0.1, within(1e-9));
    assertThat(recent.maxDiff()).isCloseTo(0.1, within(1e-9));

    MirrorStats.Snapshot longer = window.snapshot(Duration.ofSeconds(300));
    assertThat(longer.sent()).isEqualTo(4);
    assertThat(longer.errors()).isEqualTo(1);
    assertThat(longer.agreement()).isEqualTo(0.75);
    assertThat(longer.maxDiff()).isCloseTo(0.9, within(1e-9));
  }

  @Test
  void anEmptyWindowHasNoFigures() {
    MirrorStats.Snapshot empty = window.snapshot(Duration.ofSeconds(30));
    assertThat(empty.compared()).isZero();
    assertThat(empty.agreement()).isNaN();
    assertThat(empty.meanDiff()).isNaN();
  }
}
