package dev.aviary.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aviary.analysis.BuiltinSourceContract;
import dev.aviary.analysis.Fleet;
import dev.aviary.analysis.MetricSource;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The builtin source contract over the operator's fleet: the revision's pods are found through the
 * API server (in memory), and their {@code /metrics} pages are served on 127.0.0.1.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class PodFleetTest extends BuiltinSourceContract {
  KubernetesClient client;

  @Override
  protected Fleet fleet(Map<String, Integer> portByRevision) {
    portByRevision.forEach(
        (revision, port) ->
            client
                .pods()
                .inNamespace(TARGET.namespace())
                .resource(
                    FakePods.server(
                        TARGET.deployment() + "-" + revision + "-x",
                        TARGET.deployment(),
                        revision,
                        port))
                .createOr(r -> r.update()));
    return new PodFleet(client, TIMEOUT);
  }

  @Test
  void pods_of_another_namespace_or_without_an_ip_are_not_replicas() {
    fleet(Map.of());
    client
        .pods()
        .inNamespace("elsewhere")
        .resource(FakePods.server("a", TARGET.deployment(), TARGET.revisionId(), 9000))
        .create();
    client
        .pods()
        .inNamespace(TARGET.namespace())
        .resource(
            new PodBuilder(FakePods.server("b", TARGET.deployment(), TARGET.revisionId(), 9000))
                .withStatus(null)
                .build())
        .create();
    assertThat(new PodFleet(client, Duration.ofSeconds(1)).replicas(TARGET, TARGET.revisionId()))
        .isEmpty();
  }

  @Test
  void a_replica_is_the_pod_uid_and_its_named_http_port() {
    fleet(Map.of(TARGET.revisionId(), 9123));
    MetricSource.Target t = TARGET;
    assertThat(new PodFleet(client, Duration.ofSeconds(1)).replicas(t, t.revisionId()))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.metricsUrl()).isEqualTo("http://127.0.0.1:9123/metrics");
              assertThat(r.id()).endsWith("/iris-abc123-x");
            });
  }
}
