package dev.aviary.local;

import dev.aviary.monitor.Histogram;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the model server's {@code aviary_prediction_value} histogram (fixed buckets, the same on
 * every version) out of Prometheus text, summed over outputs, and adds up several replicas.
 */
final class PredictionHistograms {
  static final String SERIES = "aviary_prediction_value_bucket{";

  private PredictionHistograms() {}

  /** Cumulative counts by upper bound {@code le}, summed over every series of the text. */
  static TreeMap<Double, Double> cumulative(String prometheusText) {
    TreeMap<Double, Double> out = new TreeMap<>();
    for (String line : prometheusText.split("\n")) {
      if (!line.startsWith(SERIES)) {
        continue;
      }
      int close = line.lastIndexOf('}');
      String labels = line.substring(SERIES.length(), close);
      String le = label(labels, "le");
      if (le == null) {
        continue;
      }
      double bound = le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
      String[] rest = line.substring(close + 1).trim().split("\\s+");
      out.merge(bound, Double.parseDouble(rest[0]), Double::sum);
    }
    return out;
  }

  static void add(TreeMap<Double, Double> into, Map<Double, Double> more) {
    more.forEach((k, v) -> into.merge(k, v, Double::sum));
  }

  /** Bin counts over the union of bounds; empty when nothing was predicted. */
  static Histogram toHistogram(TreeMap<Double, Double> cumulative, Iterable<Double> bounds) {
    java.util.List<Double> values = new java.util.ArrayList<>();
    for (Double b : bounds) {
      values.add(cumulative.getOrDefault(b, 0.0));
    }
    return Histogram.fromCumulative(values.stream().mapToDouble(Double::doubleValue).toArray());
  }

  private static String label(String labels, String name) {
    String key = name + "=\"";
    int i = labels.indexOf(key);
    if (i < 0) {
      return null;
    }
    int start = i + key.length();
    return labels.substring(start, labels.indexOf('"', start));
  }
}
