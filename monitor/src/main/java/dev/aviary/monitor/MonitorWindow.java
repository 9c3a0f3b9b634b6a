package dev.aviary.monitor;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The most recent input rows of one model version, kept as bin numbers in the baseline's bins: a
 * ring of at most {@code capacity} rows (older rows leave as newer ones come, and rows older than
 * {@code maxAge} leave at the next add or report), with running counts per feature and bin. Memory
 * is fixed ({@code capacity × features} small integers whatever the traffic), adding a row is
 * O(features), and a report is O(features × bins). Binned counts are all PSI and Jensen-Shannon
 * need, over the same bins the baseline was counted in. Not thread-safe: the caller serialises.
 */
public final class MonitorWindow {
  /** A row's value that was missing (NaN). */
  private static final short MISSING = -1;

  private final Baseline baseline;
  private final MonitorPolicy policy;
  private final short[][] rows;
  private final boolean[][] outOfRange;
  private final Instant[] times;
  private final long[][] counts;
  private final long[] missing;
  private final long[] outside;
  private int start;
  private int size;

  public MonitorWindow(Baseline baseline, MonitorPolicy policy) {
    this.baseline = baseline;
    this.policy = policy;
    int f = baseline.features().size();
    rows = new short[policy.capacity()][f];
    outOfRange = new boolean[policy.capacity()][f];
    times = new Instant[policy.capacity()];
    counts = new long[f][];
    for (int i = 0; i < f; i++) {
      counts[i] = new long[baseline.features().get(i).liveBins()];
    }
    missing = new long[f];
    outside = new long[f];
  }

  public Baseline baseline() {
    return baseline;
  }

  /** Adds one input row (one value per feature, NaN for missing) seen at {@code now}. */
  public void add(double[] row, Instant now) {
    if (row.length != counts.length) {
      throw new IllegalArgumentException(
          "a row has " + row.length + " values, the baseline " + counts.length + " features");
    }
    expire(now);
    if (size == rows.length) {
      evictOldest();
    }
    int slot = (start + size) % rows.length;
    for (int i = 0; i < row.length; i++) {
      FeatureBaseline f = baseline.features().get(i);
      double v = row[i];
      if (Double.isNaN(v)) {
        rows[slot][i] = MISSING;
        outOfRange[slot][i] = false;
        missing[i]++;
      } else {
        short bin = (short) f.binOf(v);
        boolean out = f.outOfRange(v);
        rows[slot][i] = bin;
        outOfRange[slot][i] = out;
        counts[i][bin]++;
        if (out) {
          outside[i]++;
        }
      }
    }
    times[slot] = now;
    size++;
  }

  /** Rows in the window at {@code now}. */
  public int rows(Instant now) {
    expire(now);
    return size;
  }

  /** Compares the window with the baseline. */
  public WindowReport report(Instant now) {
    expire(now);
    List<WindowReport.Feature> features = new ArrayList<>();
    boolean enough = size >= policy.minRows();
    int drifted = 0;
    for (int i = 0; i < counts.length; i++) {
      FeatureBaseline f = baseline.features().get(i);
      DriftMeasure measure = policy.measure(f.kind());
      double threshold = policy.threshold(f.kind());
      long present = size - missing[i];
      double score = Double.NaN;
      if (enough && present > 0) {
        double[] c = new double[counts[i].length];
        for (int b = 0; b < c.length; b++) {
          c[b] = counts[i][b];
        }
        score = measure.measure(f.reference(), new Histogram(c));
      }
      boolean isDrifted = !Double.isNaN(score) && score >= threshold;
      if (isDrifted) {
        drifted++;
      }
      features.add(
          new WindowReport.Feature(
              f.name(),
              f.kind(),
              MonitorPolicy.measureId(measure),
              score,
              threshold,
              Double.isNaN(score) ? null : isDrifted,
              enough ? (double) missing[i] / size : Double.NaN,
              enough && present > 0 ? (double) outside[i] / present : Double.NaN));
    }
    double share = enough ? (double) drifted / counts.length : Double.NaN;
    Boolean datasetDrift = enough ? share >= policy.driftShare() : null;
    return new WindowReport(size, policy.minRows(), features, share, datasetDrift);
  }

  private void expire(Instant now) {
    Duration maxAge = policy.maxAge();
    if (maxAge == null) {
      return;
    }
    Instant oldest = now.minus(maxAge);
    while (size > 0 && times[start].isBefore(oldest)) {
      evictOldest();
    }
  }

  private void evictOldest() {
    short[] row = rows[start];
    for (int i = 0; i < row.length; i++) {
      if (row[i] == MISSING) {
        missing[i]--;
      } else {
        counts[i][row[i]]--;
        if (outOfRange[start][i]) {
          outside[i]--;
        }
      }
    }
    times[start] = null;
    start = (start + 1) % rows.length;
    size--;
  }
}
