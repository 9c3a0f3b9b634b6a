package dev.aviary.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class OpenLoopLanesTest {

  @Test
  void oneLanePerEventLoopWhileEachKeepsAConnection() {
    assertThat(OpenLoopRun.laneCount(2, 256)).isEqualTo(2);
    assertThat(OpenLoopRun.laneCount(4, 3)).isEqualTo(3);
    assertThat(OpenLoopRun.laneCount(2, 1)).isEqualTo(1);
    assertThat(OpenLoopRun.laneCount(0, 5)).isEqualTo(1);
  }

  @Test
  void theConnectionsAreSplitEvenlyAndAllUsed() {
    for (int connections : new int[] {1, 2, 7, 64, 255}) {
      for (int lanes = 1; lanes <= Math.min(connections, 5); lanes++) {
        int n = lanes;
        int[] split =
            IntStream.range(0, n)
                .map(i -> OpenLoopRun.laneConnections(connections, n, i))
                .toArray();
        assertThat(IntStream.of(split).sum()).isEqualTo(connections);
        assertThat(IntStream.of(split).max().getAsInt() - IntStream.of(split).min().getAsInt())
            .isLessThanOrEqualTo(1);
        assertThat(IntStream.of(split).min().getAsInt()).isPositive();
      }
    }
  }

  @Test
  void lanesOffsetByTheirPlaceTogetherKeepTheWholeSchedule() {
    // Lane i of n at rate r / n, starting i / r later, sends request i + k n of the whole schedule.
    double rate = 3000;
    int lanes = 3;
    long start = 1_000_000_000L;
    long windowStart = start;
    long end = start + 1_000_000_000L;
    long[] due = new long[3000];
    int k = 0;
    for (int i = 0; i < lanes; i++) {
      OpenLoopPacer pacer =
          new OpenLoopPacer(
              rate / lanes,
              start + (long) Math.floor(i * 1e9 / rate),
              windowStart,
              end,
              Integer.MAX_VALUE,
              1_000_000);
      for (long j = 0; j < pacer.scheduled(); j++) {
        due[k++] = pacer.intendedAt(j);
      }
    }
    assertThat(k).isEqualTo(3000);
    Arrays.sort(due);
    for (int i = 0; i < due.length; i++) {
      // Within a nanosecond of the single schedule's time (rounding differs).
      long single = start + (long) Math.floor(i * 1e9 / rate);
      assertThat(due[i]).isBetween(single - 1, single + 1);
    }
  }
}
