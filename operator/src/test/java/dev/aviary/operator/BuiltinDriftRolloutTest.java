package dev.aviary.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.aviary.operator.crd.ModelDeploymentResource;
import dev.aviary.operator.metrics.FakePods;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A canary judged by the builtin prediction drift: the operator compares the canary pods'
 * prediction histograms with the stable pods' (the test plays the kubelet and the pods, whose
 * {@code /metrics} pages are real model-server pages of the fraud models, see {@code
 * dev.aviary.analysis.BuiltinDriftTest}).
 */
@EnableKubernetesMockClient(crud = true, https = false)
class BuiltinDriftRolloutTest {
  KubernetesClient client;
  private final List<HttpServer> pods = new ArrayList<>();

  @AfterEach
  void stopPods() {
    pods.forEach(p -> p.stop(0));
  }

  /** A running pod of the revision whose /metrics answers with the named page. */
  private void pod(TestCluster c, String revision, String page) throws IOException {
    byte[] body;
    try (InputStream in =
        getClass().getResourceAsStream("/model-server-metrics/" + page + ".txt")) {
      body = in.readAllBytes();
    }
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/metrics",
        ex -> {
          ex.sendResponseHeaders(200, body.length);
          ex.getResponseBody().write(body);
          ex.close();
        });
    server.start();
    pods.add(server);
    c.client
        .pods()
        .inNamespace(TestCluster.NS)
        .resource(
            FakePods.server(
                "fraud-" + revision + "-" + pods.size(),
                "fraud",
                revision,
                server.getAddress().getPort()))
        .create();
  }

  /** Stable v1 serving, then a canary of {@code version} whose pod serves {@code canaryPage}. */
  private ModelDeploymentResource canary(String version, String canaryPage) throws Exception {
    TestCluster c = new TestCluster(client);
    c.apply(Specs.driftAnalysed("1"));
    c.settle("fraud");
    String stable = c.get("fraud").getStatus().stableRevision;
    pod(c, stable, "fraud-v1-rows-0-600");
    c.apply(Specs.driftAnalysed(version));
    c.reconcile("fraud");
    String candidate = c.get("fraud").getStatus().canaryRevision;
    assertThat(candidate).isNotNull().isNotEqualTo(stable);
    pod(c, candidate, canaryPage);
    c.settle("fraud");
    return c.get("fraud");
  }

  private static String driftMeasurement(ModelDeploymentResource md) {
    return md.getStatus().analysisRuns.stream()
        .flatMap(r -> r.metrics.stream())
        .filter(m -> m.name.equals("prediction-drift"))
        .flatMap(m -> m.measurements.stream())
        .map(m -> m.phase + " " + m.value)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void a_canary_whose_predictions_moved_away_from_stable_is_aborted() throws Exception {
    ModelDeploymentResource md = canary("3", "fraud-v3-rows-0-600");
    assertThat(md.getStatus().phase).isEqualTo("Degraded");
    assertThat(md.getStatus().weights).isEqualTo(Map.of(md.getStatus().stableRevision, 100));
    assertThat(driftMeasurement(md)).startsWith("Failed ");
    assertThat(Double.parseDouble(driftMeasurement(md).substring("Failed ".length())))
        .isGreaterThan(0.25);
  }

  @Test
  void a_canary_predicting_like_stable_passes_the_drift_analysis_and_is_promoted()
      throws Exception {
    ModelDeploymentResource md = canary("2", "fraud-v1-rows-600-1200");
    assertThat(driftMeasurement(md)).startsWith("Successful ");
    assertThat(md.getStatus().phase).isEqualTo("Healthy");
  }
}
