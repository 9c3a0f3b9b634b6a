package dev.aviary.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.aviary.operator.crd.ModelDeploymentResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The operator as it runs: java-operator-sdk watches ModelDeployments and the revision Deployments,
 * so a Deployment becoming ready (the test acting as the kubelet) triggers the next reconciliation
 * without any polling by the test.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class OperatorWiringTest {
  KubernetesClient client;

  @Test
  void the_running_operator_creates_the_revision_and_turns_healthy_when_its_pods_are_ready()
      throws Exception {
    TestCluster c = new TestCluster(client);
    try (AviaryOperator op =
        new AviaryOperator(
            client, OperatorSettings.defaults(), Clock.systemUTC(), Set.of(TestCluster.NS), null)) {
      op.start();
      await().atMost(Duration.ofSeconds(30)).until(op::healthy);
      c.apply(Specs.canary("1", "gatewayApi"));
      Deployment d =
          await()
              .atMost(Duration.ofSeconds(30))
              .until(() -> c.revisionDeployments("iris"), l -> !l.isEmpty())
              .get(0);
      await()
          .atMost(Duration.ofSeconds(30))
          .ignoreExceptions()
          .untilAsserted(
              () -> assertThat(c.get("iris").getStatus().phase).isEqualTo("Progressing"));
      d.setStatus(
          new DeploymentStatusBuilder()
              .withReplicas(4)
              .withReadyReplicas(4)
              .withAvailableReplicas(4)
              .build());
      client.resource(d).updateStatus();
      await()
          .atMost(Duration.ofSeconds(30))
          .ignoreExceptions()
          .untilAsserted(() -> assertThat(c.get("iris").getStatus().phase).isEqualTo("Healthy"));
      ModelDeploymentResource md = c.get("iris");
      assertThat(c.revisionOfService("iris")).isEqualTo(md.getStatus().stableRevision);
    }
  }

  @Test
  void the_running_operator_marks_a_spec_with_a_refused_server_variable_invalid_and_runs_nothing()
      throws Exception {
    TestCluster c = new TestCluster(client);
    try (AviaryOperator op =
        new AviaryOperator(
            client, OperatorSettings.defaults(), Clock.systemUTC(), Set.of(TestCluster.NS), null)) {
      op.start();
      await().atMost(Duration.ofSeconds(30)).until(op::healthy);
      c.apply(
          Specs.canary("1", "gatewayApi")
              .replace(
                  "resources: {cpu: 500m, memory: 512Mi}",
                  "env: {JAVA_TOOL_OPTIONS: \"-XX:OnOutOfMemoryError=id -Xmx3m\"}"));
      await()
          .atMost(Duration.ofSeconds(30))
          .ignoreExceptions()
          .untilAsserted(() -> assertThat(c.get("iris").getStatus().phase).isEqualTo("Invalid"));
      assertThat(c.get("iris").getStatus().problems)
          .extracting(p -> p.path)
          .containsExactly("spec.server.env.JAVA_TOOL_OPTIONS");
      assertThat(c.revisionDeployments("iris")).isEmpty();
    }
  }
}
