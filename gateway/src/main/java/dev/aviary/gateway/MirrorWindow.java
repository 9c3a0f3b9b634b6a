package dev.aviary.gateway;

import java.time.Clock;
import java.time.Duration;

/**
 * Shadow traffic figures of one (route, primary, mirror) over the last {@value #SECONDS} seconds,
 * in one-second slots, read over any window up to that length. Time comes from a {@link Clock}.
 * Thread-safe.
 */
final class MirrorWindow {
  static final int SECONDS = SlidingWindow.SECONDS;
  private static final int SENT = 0;
  private static final int DROPPED = 1;
  private static final int ERRORS = 2;
  private static final int UNCOMPARABLE = 3;
  private static final int COMPARED = 4;
  private static final int LABEL_ROWS = 5;
  private static final int AGREEMENTS = 6;
  private static final int SCORE_VALUES = 7;
  private static final int COUNTERS = 8;

  private final Clock clock;
  private final long[] slotSecond = new long[SECONDS];
  private final long[][] counts = new long[SECONDS][COUNTERS];
  private final double[] sumAbsDiff = new double[SECONDS];
  private final double[] maxAbsDiff = new double[SECONDS];

  MirrorWindow(Clock clock) {
    this.clock = clock;
    java.util.Arrays.fill(slotSecond, Long.MIN_VALUE);
  }

  void sent() {
    count(SENT);
  }

  void dropped() {
    count(DROPPED);
  }

  void error() {
    count(ERRORS);
  }

  void uncomparable() {
    count(UNCOMPARABLE);
  }

  synchronized void compared(PredictionComparator.Comparison c) {
    int slot = slot();
    counts[slot][COMPARED]++;
    counts[slot][LABEL_ROWS] += c.labelRows();
    counts[slot][AGREEMENTS] += c.labelAgreements();
    counts[slot][SCORE_VALUES] += c.scoreValues();
    sumAbsDiff[slot] += c.sumAbsDiff();
    maxAbsDiff[slot] = Math.max(maxAbsDiff[slot], c.maxAbsDiff());
  }

  private synchronized void count(int counter) {
    counts[slot()][counter]++;
  }

  /** The slot of the current second, cleared when it last held an older second. */
  private int slot() {
    long second = Math.floorDiv(clock.millis(), 1000);
    int slot = (int) Math.floorMod(second, SECONDS);
    if (slotSecond[slot] != second) {
      slotSecond[slot] = second;
      java.util.Arrays.fill(counts[slot], 0);
      sumAbsDiff[slot] = 0;
      maxAbsDiff[slot] = 0;
    }
    return slot;
  }

  /** The figures of the last {@code window} (whole seconds, at most {@value #SECONDS} s). */
  synchronized MirrorStats.Snapshot snapshot(Duration window) {
    long now = Math.floorDiv(clock.millis(), 1000);
    long seconds = Math.min(SECONDS, Math.max(1, (window.toMillis() + 999) / 1000));
    long[] total = new long[COUNTERS];
    double sum = 0;
    double max = 0;
    for (int i = 0; i < SECONDS; i++) {
      long age = now - slotSecond[i];
      if (slotSecond[i] != Long.MIN_VALUE && age >= 0 && age < seconds) {
        for (int c = 0; c < COUNTERS; c++) {
          total[c] += counts[i][c];
        }
        sum += sumAbsDiff[i];
        max = Math.max(max, maxAbsDiff[i]);
      }
    }
    return MirrorStats.snapshot(
        total[SENT],
        total[DROPPED],
        total[ERRORS],
        total[UNCOMPARABLE],
        total[COMPARED],
        total[LABEL_ROWS],
        total[AGREEMENTS],
        total[SCORE_VALUES],
        sum,
        max);
  }
}
