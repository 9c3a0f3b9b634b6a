package dev.aviary.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true, https = false)
class KubeCommandsTest {
  KubernetesClient client;
  KubernetesMockServer server;

  @Test
  void a_command_written_as_annotations_is_consumed_once_by_the_operator() throws Exception {
    TestCluster c = new TestCluster(client);
    KubeCommands kube = new KubeCommands(client, TestCluster.NS);
    c.apply(Specs.canary("1", "aviary"));
    c.settle("iris");
    c.apply(Specs.canary("2", "aviary"));
    c.settle("iris");
    c.clock.advance(Duration.ofSeconds(61));
    c.settle("iris");
    assertThat(c.get("iris").getStatus().phase).isEqualTo("Paused");

    String id = kube.command("iris", "promote");
    assertThat(c.get("iris").getMetadata().getAnnotations())
        .containsEntry("aviary.dev/command", "promote")
        .containsEntry("aviary.dev/command-id", id);
    c.settle("iris");
    assertThat(c.get("iris").getStatus().lastCommandId).isEqualTo(id);
    assertThat(c.get("iris").getStatus().canaryWeight).isEqualTo(50);

    kube.command("iris", "abort");
    c.settle("iris");
    assertThat(c.get("iris").getStatus().phase).isEqualTo("Degraded");
    KubeView view = new KubeView(client, TestCluster.NS);
    assertThat(view.deployments().path("deployments").get(0).path("phase").asText())
        .isEqualTo("Degraded");
    assertThat(view.events("iris").path("events").findValuesAsText("reason"))
        .contains("RolloutAborted");
  }

  @Test
  void a_command_is_a_merge_patch_without_resource_version_so_a_status_write_never_conflicts()
      throws Exception {
    TestCluster c = new TestCluster(client);
    c.apply(Specs.canary("1", "aviary"));
    new KubeCommands(client, TestCluster.NS).command("iris", "promote");
    RecordedRequest patch = server.getLastRequest();
    assertThat(patch.getMethod()).isEqualTo("PATCH");
    // a JSON Patch (what a client's edit sends) is checked against the version read
    assertThat(patch.getHeader("Content-Type")).startsWith("application/merge-patch+json");
    assertThat(c.get("iris").getMetadata().getAnnotations())
        .containsEntry("aviary.dev/command", "promote");
  }

  @Test
  void unknown_commands_and_names_are_refused_with_the_choices() throws Exception {
    new TestCluster(client);
    KubeCommands kube = new KubeCommands(client, TestCluster.NS);
    assertThatThrownBy(() -> kube.command("iris", "promote"))
        .hasMessageContaining("no ModelDeployment named iris");
    assertThatThrownBy(() -> kube.command("iris", "launch"))
        .hasMessageContaining("expected one of");
  }

  @Test
  void delete_removes_the_model_deployment_and_refuses_a_name_that_is_not_there() throws Exception {
    TestCluster c = new TestCluster(client);
    KubeCommands kube = new KubeCommands(client, TestCluster.NS);
    c.apply(Specs.canary("1", "aviary"));
    c.settle("iris");
    kube.delete("iris");
    assertThat(c.get("iris")).isNull();
    assertThatThrownBy(() -> kube.delete("iris"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no ModelDeployment named iris");
  }
}
