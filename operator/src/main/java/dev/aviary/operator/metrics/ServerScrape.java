package dev.aviary.operator.metrics;

import dev.aviary.monitor.PredictionHistograms;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The counters of one model-server {@code /metrics} page that the builtin statistics need:
 * inference requests by outcome, the inference latency histogram and the prediction value histogram
 * (both as cumulative buckets).
 */
record ServerScrape(
    Map<String, Double> requestsByOutcome,
    TreeMap<Double, Double> latencyBuckets,
    TreeMap<Double, Double> predictions) {
  private static final Pattern SAMPLE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([^}]*)})?\\s+(\\S+)");
  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  /** Parses a Prometheus text page; null when the text holds no sample at all. */
  static ServerScrape parse(String text) {
    Map<String, Double> outcomes = new TreeMap<>();
    TreeMap<Double, Double> buckets = new TreeMap<>();
    int samples = 0;
    for (String line : text.split("\n")) {
      if (line.startsWith("#")) {
        continue;
      }
      Matcher m = SAMPLE.matcher(line.trim());
      if (!m.find()) {
        continue;
      }
      String name = m.group(1);
      double v;
      try {
        v = Double.parseDouble(m.group(4).replace("+Inf", "Infinity"));
      } catch (NumberFormatException e) {
        continue;
      }
      samples++;
      Map<String, String> labels = labels(m.group(3));
      if (name.equals("aviary_inference_requests_total")) {
        outcomes.merge(labels.getOrDefault("outcome", ""), v, Double::sum);
      } else if (name.equals("aviary_inference_duration_seconds_bucket")) {
        String le = labels.get("le");
        if (le != null) {
          double bound = le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
          buckets.merge(bound, v, Double::sum);
        }
      }
    }
    return samples == 0
        ? null
        : new ServerScrape(outcomes, buckets, PredictionHistograms.cumulative(text));
  }

  private static Map<String, String> labels(String text) {
    Map<String, String> out = new TreeMap<>();
    if (text == null) {
      return out;
    }
    Matcher m = LABEL.matcher(text);
    while (m.find()) {
      out.put(m.group(1), m.group(2));
    }
    return out;
  }

  double total() {
    return requestsByOutcome.values().stream().mapToDouble(Double::doubleValue).sum();
  }

  /** This scrape minus an earlier one of the same process (a restart resets to this one). */
  ServerScrape minus(ServerScrape earlier) {
    if (earlier == null || earlier.total() > total()) {
      return this;
    }
    Map<String, Double> o = new TreeMap<>();
    requestsByOutcome.forEach(
        (k, v) -> o.put(k, v - earlier.requestsByOutcome.getOrDefault(k, 0.0)));
    TreeMap<Double, Double> b = new TreeMap<>();
    latencyBuckets.forEach((k, v) -> b.put(k, v - earlier.latencyBuckets.getOrDefault(k, 0.0)));
    return new ServerScrape(o, b, PredictionHistograms.since(predictions, earlier.predictions));
  }

  ServerScrape plus(ServerScrape other) {
    Map<String, Double> o = new TreeMap<>(requestsByOutcome);
    other.requestsByOutcome.forEach((k, v) -> o.merge(k, v, Double::sum));
    TreeMap<Double, Double> b = new TreeMap<>(latencyBuckets);
    other.latencyBuckets.forEach((k, v) -> b.merge(k, v, Double::sum));
    TreeMap<Double, Double> p = new TreeMap<>(predictions);
    PredictionHistograms.add(p, other.predictions);
    return new ServerScrape(o, b, p);
  }

  static ServerScrape empty() {
    return new ServerScrape(new TreeMap<>(), new TreeMap<>(), new TreeMap<>());
  }

  /** Quantile from cumulative buckets, interpolating linearly inside the bucket; NaN if empty. */
  double quantile(double q) {
    if (latencyBuckets.isEmpty()) {
      return Double.NaN;
    }
    double count = latencyBuckets.lastEntry().getValue();
    if (count <= 0) {
      return Double.NaN;
    }
    double rank = q * count;
    double prevBound = 0;
    double prevCount = 0;
    for (Map.Entry<Double, Double> e : latencyBuckets.entrySet()) {
      if (e.getValue() >= rank) {
        if (e.getKey().isInfinite()) {
          return prevBound;
        }
        double inBucket = e.getValue() - prevCount;
        double frac = inBucket <= 0 ? 1 : (rank - prevCount) / inBucket;
        return prevBound + (e.getKey() - prevBound) * frac;
      }
      prevBound = e.getKey().isInfinite() ? prevBound : e.getKey();
      prevCount = e.getValue();
    }
    return prevBound;
  }
}
