package dev.aviary.operator.metrics;

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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The builtin statistics without Prometheus: the operator scrapes the {@code /metrics} page of
 * every running pod of the revision and keeps the scrapes, so a statistic over a window is the
 * difference between now and the scrape taken a window ago (or the oldest one it has; before any
 * earlier scrape, everything since the pod started).
 */
public final class BuiltinSource implements MetricSource {
  private final KubernetesClient client;
  private final Clock clock;
  private final Http http;
  private final Map<String, Deque<Timed>> history = new ConcurrentHashMap<>();

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
    var pods =
        client
            .pods()
            .inNamespace(target.namespace())
            .withLabel("aviary.dev/deployment", target.deployment())
            .withLabel("aviary.dev/revision", target.revisionId())
            .list()
            .getItems();
    Instant now = clock.instant();
    ServerScrape sum = ServerScrape.empty();
    int scraped = 0;
    for (Pod pod : pods) {
      if (pod.getStatus() == null || pod.getStatus().getPodIP() == null) {
        continue;
      }
      String url = "http://" + pod.getStatus().getPodIP() + ":" + port(pod) + "/metrics";
      ServerScrape current = ServerScrape.parse(http.get(url, Map.of(), null));
      if (current == null) {
        throw new MeasurementException(url + " is not a Prometheus metrics page");
      }
      scraped++;
      String key = pod.getMetadata().getUid() + "/" + pod.getMetadata().getName();
      Deque<Timed> h = history.computeIfAbsent(key, k -> new ArrayDeque<>());
      ServerScrape base;
      synchronized (h) {
        base = baseline(h, now.minus(window));
        h.addLast(new Timed(now, current));
        while (h.size() > 2 && h.peekFirst().at().isBefore(now.minus(window.multipliedBy(2)))) {
          h.removeFirst();
        }
      }
      sum = sum.plus(current.minus(base));
    }
    if (scraped == 0) {
      throw new MeasurementException(
          "no running pod of revision " + target.revisionId() + " to read /metrics from");
    }
    double total = sum.total();
    double seconds = Math.max(1, window.toSeconds());
    double ok = sum.requestsByOutcome().getOrDefault("success", 0.0);
    double failed =
        sum.requestsByOutcome().getOrDefault("server_error", 0.0)
            + sum.requestsByOutcome().getOrDefault("unavailable", 0.0);
    double v =
        switch (b.metric()) {
          case "errorRate" -> total == 0 ? Double.NaN : failed / total;
          case "successRate" -> total == 0 ? Double.NaN : ok / total;
          case "requestRate" -> total / seconds;
          case "latencyP50" -> sum.quantile(0.50);
          case "latencyP95" -> sum.quantile(0.95);
          case "latencyP99" -> sum.quantile(0.99);
          case "mirrorMismatchRate" ->
              throw new MeasurementException(
                  "builtin metric mirrorMismatchRate is kept by the Aviary gateway, not the model"
                      + " servers; query the gateway's metrics with the prometheus provider");
          default ->
              throw new MeasurementException(
                  "builtin metric "
                      + b.metric()
                      + " is not computed by the Kubernetes operator (yet); use the prometheus"
                      + " provider over the servers' aviary_prediction metrics");
        };
    return new Sample(Value.of(v), Math.round(total));
  }

  private static ServerScrape baseline(Deque<Timed> h, Instant windowStart) {
    Timed best = null;
    for (Timed t : h) {
      if (!t.at().isAfter(windowStart)) {
        best = t;
      }
    }
    if (best == null) {
      best = h.peekFirst();
    }
    return best == null ? null : best.scrape();
  }

  private static int port(Pod pod) {
    if (pod.getSpec() != null) {
      for (var c : pod.getSpec().getContainers()) {
        for (ContainerPort p : c.getPorts()) {
          if ("http".equals(p.getName())) {
            return p.getContainerPort();
          }
        }
      }
    }
    return 9000;
  }
}
