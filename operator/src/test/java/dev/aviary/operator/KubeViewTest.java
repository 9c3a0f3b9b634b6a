package dev.aviary.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true, https = false)
class KubeViewTest {
  KubernetesClient client;

  @Test
  void apply_creates_then_reports_unchanged_then_configures_and_the_operator_rolls_it_out()
      throws Exception {
    TestCluster c = new TestCluster(client);
    KubeView view = new KubeView(client, TestCluster.NS);

    assertThat(view.apply(Specs.canary("1", "aviary")))
        .containsExactly("modeldeployment/iris created");
    c.settle("iris");
    assertThat(view.apply(Specs.canary("1", "aviary")))
        .containsExactly("modeldeployment/iris unchanged");
    assertThat(view.apply(Specs.canary("2", "aviary")))
        .containsExactly("modeldeployment/iris configured");
    c.settle("iris");
    c.clock.advance(Duration.ofSeconds(61));
    c.settle("iris");

    JsonNode d = view.deployment("iris");
    assertThat(d.path("status").path("phase").asText()).isEqualTo("Paused");
    assertThat(d.path("status").path("pause").asText()).isEqualTo("Step");
    assertThat(d.path("spec").path("spec").path("model").path("version").asText()).isEqualTo("2");
    assertThat(d.path("status").path("candidate").path("model").path("version").asText())
        .isEqualTo("2");
    assertThat(d.path("replicas")).isNotEmpty();
    assertThat(d.path("replicas").get(0).path("state").asText()).isEqualTo("Ready");

    JsonNode list = view.deployments().path("deployments");
    assertThat(list).hasSize(1);
    assertThat(list.get(0).path("name").asText()).isEqualTo("iris");
    assertThat(list.get(0).path("phase").asText()).isEqualTo("Paused");
    assertThat(list.get(0).path("weights").size()).isEqualTo(2);

    JsonNode events = view.events("iris").path("events");
    assertThat(events).isNotEmpty();
    assertThat(events.findValuesAsText("reason")).contains("RolloutStarted");
  }

  @Test
  void a_field_removed_from_the_spec_is_removed_on_the_cluster_too() throws Exception {
    TestCluster c = new TestCluster(client);
    KubeView view = new KubeView(client, TestCluster.NS);
    view.apply(Specs.canary("1", "aviary"));
    view.apply(Specs.canary("1", "aviary").replace("  progressDeadlineSeconds: 120\n", ""));
    assertThat(c.get("iris").getSpec().has("progressDeadlineSeconds")).isFalse();
    assertThat(c.get("iris").getSpec().path("replicas").asInt()).isEqualTo(4);
  }

  @Test
  void an_invalid_spec_or_another_namespace_writes_nothing_and_names_every_problem() {
    KubeView view = new KubeView(client, TestCluster.NS);
    String bad =
        Specs.canary("1", "aviary")
            .replace("replicas: 4", "replicas: -1")
            .replace("file:/models/iris-v1.onnx", "s3://bucket/iris.onnx");
    assertThatThrownBy(() -> view.apply(bad))
        .hasMessageContaining("nothing was applied")
        .hasMessageContaining("spec.replicas")
        .hasMessageContaining("spec.model.uri");
    String elsewhere =
        Specs.canary("1", "aviary")
            .replace("metadata: {name: iris}", "metadata: {name: iris, namespace: prod}");
    assertThatThrownBy(() -> view.apply(elsewhere))
        .hasMessageContaining("metadata.namespace is prod")
        .hasMessageContaining("--namespace prod");
    assertThat(view.deployments().path("deployments")).isEmpty();
    assertThatThrownBy(() -> view.deployment("iris"))
        .hasMessageContaining("no ModelDeployment named iris");
  }
}
