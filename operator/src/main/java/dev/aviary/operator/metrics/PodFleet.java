package dev.aviary.operator.metrics;

import dev.aviary.analysis.Fleet;
import dev.aviary.analysis.Http;
import dev.aviary.analysis.MeasurementException;
import dev.aviary.analysis.MetricSource;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The operator's {@link Fleet}: a revision's replicas are its running pods (labels {@code
 * aviary.dev/deployment} and {@code aviary.dev/revision}, port {@code http}), and shadow traffic is
 * what the in-cluster Aviary gateway's pods (role {@code gateway}, port {@code metrics}) report on
 * {@code /stats}. Only the {@code aviary} traffic provider runs such pods; other routers do not
 * compare answers.
 */
public final class PodFleet implements Fleet {
  private final KubernetesClient client;
  private final Http http;

  public PodFleet(KubernetesClient client, Duration timeout) {
    this.client = client;
    this.http = new Http(timeout);
  }

  @Override
  public List<Replica> replicas(MetricSource.Target target, String revisionId) {
    List<Replica> out = new ArrayList<>();
    for (Pod pod :
        client
            .pods()
            .inNamespace(target.namespace())
            .withLabel("aviary.dev/deployment", target.deployment())
            .withLabel("aviary.dev/revision", revisionId)
            .list()
            .getItems()) {
      if (pod.getStatus() != null && pod.getStatus().getPodIP() != null) {
        out.add(
            new Replica(
                pod.getMetadata().getUid() + "/" + pod.getMetadata().getName(),
                "http://"
                    + pod.getStatus().getPodIP()
                    + ":"
                    + port(pod, "http", 9000)
                    + "/metrics"));
      }
    }
    return out;
  }

  @Override
  public Optional<MirrorComparison> mirror(
      MetricSource.Target target, String primaryRevisionId, Duration window)
      throws MeasurementException {
    var pods =
        client
            .pods()
            .inNamespace(target.namespace())
            .withLabel("aviary.dev/deployment", target.deployment())
            .withLabel("aviary.dev/role", "gateway")
            .list()
            .getItems();
    long seconds = Math.max(1, window.toSeconds());
    Optional<MirrorComparison> sum = Optional.empty();
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
      Optional<MirrorComparison> one =
          GatewayMirrorStats.parse(url, http.get(url, Map.of(), null), target, primaryRevisionId);
      if (one.isPresent()) {
        sum = Optional.of(sum.orElse(MirrorComparison.NONE).plus(one.get()));
      }
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
    return sum;
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
