package dev.aviary.analysis;

import dev.aviary.monitor.PredictionHistograms;
import dev.aviary.monitor.PrometheusText;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The counters of one model-server {@code /metrics} page that the builtin statistics need:
 * inference requests by outcome, the inference latency histogram and the prediction value histogram
 * (both as cumulative buckets).
 */
record ServerScrape(
    Map<String, Double> requestsByOutcome,
    TreeMap<Double, Double> latencyBuckets,
    TreeMap<Double, Double> predictions) {
  static final String REQUESTS = "aviary_inference_requests_total";
  static final String LATENCY_BUCKETS = "aviary_inference_duration_seconds_bucket";

  /** Reads a Prometheus text page; null when the text holds no sample at all. */
  static ServerScrape parse(String text) {
    List<PrometheusText.Sample> samples = PrometheusText.parse(text);
    if (samples.isEmpty()) {
      return null;
    }
    Map<String, Double> outcomes = new TreeMap<>();
    for (PrometheusText.Sample s : samples) {
      if (s.name().equals(REQUESTS)) {
        outcomes.merge(s.labels().getOrDefault("outcome", ""), s.value(), Double::sum);
      }
    }
    return new ServerScrape(
        outcomes,
        PredictionHistograms.cumulative(samples, LATENCY_BUCKETS),
        PredictionHistograms.cumulative(samples, PredictionHistograms.SERIES));
  }

  static ServerScrape empty() {
    return new ServerScrape(new TreeMap<>(), new TreeMap<>(), new TreeMap<>());
  }

  double total() {
    return requestsByOutcome.values().stream().mapToDouble(Double::doubleValue).sum();
  }

  double outcome(String name) {
    return requestsByOutcome.getOrDefault(name, 0.0);
  }

  /** This scrape minus an earlier one of the same process (a restart resets to this one). */
  ServerScrape minus(ServerScrape earlier) {
    if (earlier == null || earlier.total() > total()) {
      return this;
    }
    Map<String, Double> o = new TreeMap<>();
    requestsByOutcome.forEach(
        (k, v) -> o.put(k, v - earlier.requestsByOutcome.getOrDefault(k, 0.0)));
    return new ServerScrape(
        o,
        PredictionHistograms.since(latencyBuckets, earlier.latencyBuckets),
        PredictionHistograms.since(predictions, earlier.predictions));
  }

  ServerScrape plus(ServerScrape other) {
    Map<String, Double> o = new TreeMap<>(requestsByOutcome);
    other.requestsByOutcome.forEach((k, v) -> o.merge(k, v, Double::sum));
    TreeMap<Double, Double> b = new TreeMap<>(latencyBuckets);
    PredictionHistograms.add(b, other.latencyBuckets);
    TreeMap<Double, Double> p = new TreeMap<>(predictions);
    PredictionHistograms.add(p, other.predictions);
    return new ServerScrape(o, b, p);
  }

  /** Quantile from cumulative buckets, interpolating linearly inside the bucket; NaN if empty. */
  double latencyQuantile(double q) {
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
