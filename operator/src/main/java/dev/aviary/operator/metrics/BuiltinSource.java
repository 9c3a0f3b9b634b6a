package dev.aviary.operator.metrics;

import dev.aviary.monitor.DriftMeasure;
import dev.aviary.monitor.PredictionHistograms;
import dev.aviary.spec.MetricProvider;
import dev.aviary.spec.condition.Value;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The builtin statistics without Prometheus: the operator scrapes the {@code /metrics} page of
 * every running pod of the revision and keeps the scrapes, so a statistic over a window is the
 * difference between now and the latest scrape at least a window old (while the operator has not
 * watched the pod that long: everything the pod counted since it started). Prediction drift
 * compares the prediction histograms of the revision with those of the reference revision over the
 * same window.
 */
public final class BuiltinSource implements MetricSource {
  private final KubernetesClient client;
  private final Clock clock;
  private final Http http;
  private final Map<String, Deque<Timed>> history = new ConcurrentHashMap<>();
  private final AtomicReference<Duration> longestWindow = new AtomicReference<>(Duration.ZERO);

  /** The in-cluster gateway keeps this many seconds of figures. */
  static final long GATEWAY_WINDOW_SECONDS = 300;

  private record Timed(Instant at, ServerScrape scrape) {}

  public BuiltinSource(KubernetesClient client, Clock clock, Duration timeout) {
    this.client = client;
    this.clock = clock;
    this.http = new Http(timeout);
  }

  @Override
  public Sample measure(MetricProvider provider, Target target) throws MeasurementException {
    MetricProvider.Builtin b = (MetricProvider.Builtin) provider;
    Duration window = b.window() == null ? Duration.ofMinutes(1) : b.window();
    Instant now = clock.instant();
    return switch (b.metric()) {
      case "predictionDriftPsi" -> drift(DriftMeasure.PSI, target, window, now);
      case "predictionDriftJs" -> drift(DriftMeasure.JENSEN_SHANNON, target, window, now);
      case "mirrorMismatchRate" -> mirrorMismatch(target, window);
      default ->
          serverStatistic(b.metric(), windowed(target, target.revisionId(), window, now), window);
    };
  }

  private static Sample serverStatistic(String metric, ServerScrape sum, Duration window)
      throws MeasurementException {
    double total = sum.total();
    double seconds = Math.max(1, window.toSeconds());
    double ok = sum.requestsByOutcome().getOrDefault("success", 0.0);
    double failed =
        sum.requestsByOutcome().getOrDefault("server_error", 0.0)
            + sum.requestsByOutcome().getOrDefault("unavailable", 0.0);
    double v =
        switch (metric) {
          case "errorRate" -> total == 0 ? Double.NaN : failed / total;
          case "successRate" -> total == 0 ? Double.NaN : ok / total;
          case "requestRate" -> total / seconds;
          case "latencyP50" -> sum.quantile(0.50);
          case "latencyP95" -> sum.quantile(0.95);
          case "latencyP99" -> sum.quantile(0.99);
          default -> throw new MeasurementException("unknown builtin metric " + metric);
        };
    return new Sample(Value.of(v), Math.round(total));
  }

  /**
   * Drift of the revision's predictions from the reference revision's over the same window; the
   * sample size is the revision's requests in the window. No predictions on either side yet is NaN
   * with sample size 0: no data, which is not "no drift".
   */
  private Sample drift(DriftMeasure measure, Target target, Duration window, Instant now)
      throws MeasurementException {
    String reference = target.referenceRevisionId();
    if (reference == null || reference.equals(target.revisionId())) {
      throw new MeasurementException(
          "prediction drift of revision "
              + target.revisionId()
              + " needs a different revision to compare with (the stable one), and there is none");
    }
    ServerScrape current = windowed(target, target.revisionId(), window, now);
    ServerScrape ref = windowed(target, reference, window, now);
    double v = PredictionHistograms.drift(measure, ref.predictions(), current.predictions());
    if (Double.isNaN(v)) {
      return new Sample(Value.of(Double.NaN), 0L);
    }
    return new Sample(Value.of(v), Math.round(current.total()));
  }

  /**
   * Shadow traffic disagreement, as the in-cluster Aviary gateway compares it: its pods' metrics
   * port's {@code /stats} over the window (the gateway keeps five minutes), for the mirror pair
   * from the reference revision to this one, summed over the gateway pods. Only the {@code aviary}
   * traffic provider runs such pods; other routers do not compare answers.
   */
  private Sample mirrorMismatch(Target target, Duration window) throws MeasurementException {
    String reference = target.referenceRevisionId();
    if (reference == null) {
      throw new MeasurementException(
          "mirrorMismatchRate of revision "
              + target.revisionId()
              + " needs the revision whose traffic is mirrored (the stable one), and there is"
              + " none");
    }
    var pods =
        client
            .pods()
            .inNamespace(target.namespace())
            .withLabel("aviary.dev/deployment", target.deployment())
            .withLabel("aviary.dev/role", "gateway")
            .list()
            .getItems();
    long seconds = Math.max(1, Math.min(GATEWAY_WINDOW_SECONDS, window.toSeconds()));
    GatewayMirrorStats sum = GatewayMirrorStats.NONE;
    int read = 0;
    for (Pod pod : pods) {
      if (pod.getStatus() == null || pod.getStatus().getPodIP() == null) {
        continue;
      }
      String url =
          "http://"
              + pod.getStatus().getPodIP()
              + ":"
              + port(pod, "metrics", 8081)
              + "/stats?window="
              + seconds
              + "s";
      sum =
          sum.plus(GatewayMirrorStats.parse(url, http.get(url, Map.of(), null), target, reference));
      read++;
    }
    if (read == 0) {
      throw new MeasurementException(
          "mirrorMismatchRate is measured by the in-cluster Aviary gateway (traffic provider"
              + " aviary), and "
              + target.deployment()
              + " has no running gateway pod; with other providers query a mirror comparison"
              + " of your own with the prometheus or web provider");
    }
    if (!sum.seen()) {
      throw new MeasurementException(
          "the Aviary gateway has no shadow traffic from "
              + reference
              + " to "
              + target.revisionId()
              + " in the last "
              + seconds
              + "s");
    }
    return new Sample(Value.of(sum.mismatchRate()), sum.labelRows());
  }

  /** The sum over the revision's running pods of what each counted during the window. */
  private ServerScrape windowed(Target target, String revision, Duration window, Instant now)
      throws MeasurementException {
    var pods =
        client
            .pods()
            .inNamespace(target.namespace())
            .withLabel("aviary.dev/deployment", target.deployment())
            .withLabel("aviary.dev/revision", revision)
            .list()
            .getItems();
    ServerScrape sum = ServerScrape.empty();
    int scraped = 0;
    for (Pod pod : pods) {
      if (pod.getStatus() == null || pod.getStatus().getPodIP() == null) {
        continue;
      }
      String url =
          "http://" + pod.getStatus().getPodIP() + ":" + port(pod, "http", 9000) + "/metrics";
      ServerScrape current = ServerScrape.parse(http.get(url, Map.of(), null));
      if (current == null) {
        throw new MeasurementException(url + " is not a Prometheus metrics page");
      }
      scraped++;
      String key = pod.getMetadata().getUid() + "/" + pod.getMetadata().getName();
      Deque<Timed> h = history.computeIfAbsent(key, k -> new ArrayDeque<>());
      ServerScrape base;
      Instant keepFrom = now.minus(longestWindow.accumulateAndGet(window, BuiltinSource::max));
      synchronized (h) {
        base = baseline(h, now.minus(window));
        h.addLast(new Timed(now, current));
        dropOlderThanNeeded(h, keepFrom);
      }
      sum = sum.plus(current.minus(base));
    }
    forgetPodsNotSeenSince(now.minus(longestWindow.get().multipliedBy(2)));
    if (scraped == 0) {
      throw new MeasurementException(
          "no running pod of revision " + revision + " to read /metrics from");
    }
    return sum;
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  /**
   * Drops the oldest scrapes while the next one is already at least the longest window old, so the
   * baseline of every query (the latest scrape at least its window old) stays.
   */
  private static void dropOlderThanNeeded(Deque<Timed> h, Instant keepFrom) {
    while (h.size() > 1) {
      Iterator<Timed> it = h.iterator();
      it.next();
      if (it.next().at().isAfter(keepFrom)) {
        return;
      }
      h.removeFirst();
    }
  }

  /** Drops the scrapes of pods gone (or not measured) for a long time. */
  private void forgetPodsNotSeenSince(Instant cutoff) {
    history
        .values()
        .removeIf(
            d -> {
              synchronized (d) {
                return d.isEmpty() || d.peekLast().at().isBefore(cutoff);
              }
            });
  }

  /**
   * The latest scrape taken at least a window ago; null (count everything since the pod started)
   * while there is none. Never a younger one: a scrape taken moments ago by another query of the
   * same reconcile would make the window look empty.
   */
  private static ServerScrape baseline(Deque<Timed> h, Instant windowStart) {
    Timed best = null;
    for (Timed t : h) {
      if (!t.at().isAfter(windowStart)) {
        best = t;
      }
    }
    return best == null ? null : best.scrape();
  }

  private static int port(Pod pod, String name, int fallback) {
    if (pod.getSpec() != null) {
      for (var c : pod.getSpec().getContainers()) {
        for (ContainerPort p : c.getPorts()) {
          if (name.equals(p.getName())) {
            return p.getContainerPort();
          }
        }
      }
    }
    return fallback;
  }
}
