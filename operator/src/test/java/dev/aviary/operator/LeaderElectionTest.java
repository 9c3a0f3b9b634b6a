package dev.aviary.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Two operator replicas: one holds the lease and reconciles; when it stops, the other takes over.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class LeaderElectionTest {
  KubernetesClient client;
  KubernetesMockServer server;

  private AviaryOperator replica(String id) {
    return new AviaryOperator(
        client,
        OperatorSettings.defaults(),
        Clock.systemUTC(),
        Set.of(TestCluster.NS),
        new AviaryOperator.LeaderElection(
            "aviary-system",
            id,
            Duration.ofSeconds(2),
            Duration.ofMillis(1500),
            Duration.ofMillis(250),
            false));
  }

  private String holder() {
    Lease l =
        client.leases().inNamespace("aviary-system").withName(AviaryOperator.LEASE_NAME).get();
    return l == null ? null : l.getSpec().getHolderIdentity();
  }

  @Test
  void one_replica_leads_and_the_other_takes_over_when_it_stops() throws Exception {
    // The operator checks its own permission on leases before electing; this answers as an API
    // server would for a service account with the chart's leader-election Role.
    server
        .expect()
        .post()
        .withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
        .andReturn(
            201,
            new SelfSubjectRulesReviewBuilder()
                .withNewSpec()
                .withNamespace("aviary-system")
                .endSpec()
                .withNewStatus()
                .withIncomplete(false)
                .addNewResourceRule()
                .withApiGroups("coordination.k8s.io")
                .withResources("leases")
                .withVerbs("get", "create", "update")
                .endResourceRule()
                .endStatus()
                .build())
        .always();
    TestCluster c = new TestCluster(client);
    AviaryOperator first = replica("replica-a");
    AviaryOperator second = replica("replica-b");
    try {
      first.start();
      await().atMost(Duration.ofSeconds(20)).until(() -> "replica-a".equals(holder()));
      second.start();
      c.apply(Specs.canary("1", "aviary"));
      await().atMost(Duration.ofSeconds(20)).until(() -> !c.revisionDeployments("iris").isEmpty());
      assertThat(holder()).isEqualTo("replica-a");

      first.close();
      await().atMost(Duration.ofSeconds(20)).until(() -> "replica-b".equals(holder()));
      c.apply(Specs.canary("2", "aviary").replace("name: iris}", "name: iris2}"));
      await().atMost(Duration.ofSeconds(20)).until(() -> !c.revisionDeployments("iris2").isEmpty());
    } finally {
      second.close();
    }
  }

  @Test
  void a_refused_permission_review_is_only_a_warning_and_the_replica_still_leads()
      throws Exception {
    // as a restricted or mock API server answers
    server
        .expect()
        .post()
        .withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
        .andReturn(
            422,
            new StatusBuilder()
                .withCode(422)
                .withReason("Invalid")
                .withMessage("SelfSubjectRulesReview is not supported")
                .build())
        .always();
    TestCluster c = new TestCluster(client);
    AviaryOperator only = replica("replica-a");
    try {
      only.start();
      await().atMost(Duration.ofSeconds(20)).until(() -> "replica-a".equals(holder()));
      c.apply(Specs.canary("1", "aviary"));
      await().atMost(Duration.ofSeconds(20)).until(() -> !c.revisionDeployments("iris").isEmpty());
    } finally {
      only.close();
    }
  }
}
