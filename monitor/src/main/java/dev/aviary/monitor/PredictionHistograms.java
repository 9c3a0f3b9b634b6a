package dev.aviary.monitor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The model server's {@code aviary_prediction_value} histogram (fixed buckets, the same on every
 * version) read out of Prometheus text as cumulative counts by upper bound {@code le}, summed over
 * outputs; replicas add up, a window is the difference of two reads, and two revisions compare with
 * a {@link DriftMeasure}. Pure text and arithmetic: whoever reads the pages does the I/O.
 */
public final class PredictionHistograms {
  public static final String SERIES = "aviary_prediction_value_bucket";

  private PredictionHistograms() {}

  /** Cumulative counts by upper bound {@code le}, summed over every series of the text. */
  public static TreeMap<Double, Double> cumulative(String prometheusText) {
    return cumulative(PrometheusText.parse(prometheusText), SERIES);
  }

  /**
   * Cumulative counts by upper bound {@code le} of the histogram whose bucket series is {@code
   * bucketSeries}, summed over all its label sets.
   */
  public static TreeMap<Double, Double> cumulative(
      List<PrometheusText.Sample> samples, String bucketSeries) {
    TreeMap<Double, Double> out = new TreeMap<>();
    for (PrometheusText.Sample s : samples) {
      String le = s.label("le");
      if (!s.name().equals(bucketSeries) || le == null) {
        continue;
      }
      try {
        out.merge(PrometheusText.value(le), s.value(), Double::sum);
      } catch (NumberFormatException e) {
        // a bound that is no number: not a bucket after all, skipped like any other series
      }
    }
    return out;
  }

  /** Adds {@code more} (another replica's counts) into {@code into}. */
  public static void add(TreeMap<Double, Double> into, Map<Double, Double> more) {
    more.forEach((k, v) -> into.merge(k, v, Double::sum));
  }

  /**
   * Counts of one process now minus an earlier read of the same process; when a counter went down
   * the process restarted, and everything it counted since is {@code now}.
   */
  public static TreeMap<Double, Double> since(
      TreeMap<Double, Double> now, Map<Double, Double> earlier) {
    if (earlier == null) {
      return now;
    }
    TreeMap<Double, Double> out = new TreeMap<>();
    for (Map.Entry<Double, Double> e : now.entrySet()) {
      double before = earlier.getOrDefault(e.getKey(), 0.0);
      if (e.getValue() < before) {
        return now;
      }
      out.put(e.getKey(), e.getValue() - before);
    }
    return out;
  }

  /**
   * Bin counts over {@code bounds} (ascending, usually the union of both sides' bounds); all zero
   * when nothing was predicted. A bound this side lacks counts what its next lower bound counts.
   */
  public static Histogram toHistogram(TreeMap<Double, Double> cumulative, Iterable<Double> bounds) {
    List<Double> values = new ArrayList<>();
    for (Double b : bounds) {
      Map.Entry<Double, Double> atOrBelow = cumulative.floorEntry(b);
      values.add(atOrBelow == null ? 0.0 : atOrBelow.getValue());
    }
    return Histogram.fromCumulative(values.stream().mapToDouble(Double::doubleValue).toArray());
  }

  /**
   * Drift of {@code current} from {@code reference} (both cumulative counts) over the union of
   * their buckets; NaN when either side predicted nothing (no data, which is not "no drift").
   */
  public static double drift(
      DriftMeasure measure, TreeMap<Double, Double> reference, TreeMap<Double, Double> current) {
    TreeSet<Double> bounds = new TreeSet<>(current.keySet());
    bounds.addAll(reference.keySet());
    if (bounds.isEmpty()) {
      return Double.NaN;
    }
    Histogram c = toHistogram(current, bounds);
    Histogram r = toHistogram(reference, bounds);
    if (c.total() == 0 || r.total() == 0) {
      return Double.NaN;
    }
    return measure.measure(r, c);
  }
}
