package dev.aviary.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aviary.operator.crd.ModelDeploymentResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A reconciliation that starts from a copy older than the status last written (the watch had not
 * delivered it yet) must not run the same transition again.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class StatusWriteTest {
  KubernetesClient client;

  @Test
  void a_reconciliation_from_a_stale_copy_is_refused_and_records_no_event_twice() throws Exception {
    TestCluster c = new TestCluster(client);
    c.apply(Specs.canary("1", "aviary"));
    c.settle("iris");
    c.apply(Specs.canary("2", "aviary"));
    ModelDeploymentResource read = c.get("iris");

    List<ModelDeploymentResource> written = new ArrayList<>();
    c.controller.reconcile(read, written::add);
    assertThat(written).hasSize(1);
    assertThat(written.get(0).getStatus().canaryRevision).isNotNull();
    assertThat(reasons(c)).containsOnlyOnce("RolloutStarted");

    // the same, now stale, copy again
    assertThatThrownBy(() -> c.controller.reconcile(read))
        .isInstanceOf(ModelDeploymentController.StaleResourceException.class)
        .hasMessageContaining("iris");
    assertThat(reasons(c)).containsOnlyOnce("RolloutStarted");

    // the copy that was written carries on without repeating the start
    c.controller.reconcile(written.get(0));
    assertThat(reasons(c)).containsOnlyOnce("RolloutStarted");
  }

  private static List<String> reasons(TestCluster c) {
    return c.events().stream()
        .filter(e -> "iris".equals(e.getInvolvedObject().getName()))
        .map(e -> e.getReason())
        .toList();
  }
}
