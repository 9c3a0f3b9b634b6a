package dev.aviary.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aviary.operator.HelmChart.Manifests;
import dev.aviary.operator.crd.ModelDeploymentResource;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The chart's RBAC against what the operator really asks the API server: the operator runs (its own
 * client, told apart by its User-Agent) against the fabric8 mock API server through leader
 * election, watches and every traffic provider's full canary, a builtin analysis and a deletion of
 * an old revision; every request it made must be allowed by the rules Helm renders, in the
 * namespace it was made in, and every rule the chart grants must have been needed.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class HelmRbacIT {
  private static final String AGENT = "aviary-operator-under-rbac-test";
  private static final String LIVE = "live";

  KubernetesClient client;
  KubernetesMockServer server;

  @Test
  void every_request_of_the_operator_is_allowed_and_every_granted_rule_is_used() throws Exception {
    Manifests chart =
        HelmChart.template("operator: {watchNamespaces: [" + TestCluster.NS + ", " + LIVE + "]}\n");
    JsonNode leaseRole = chart.one("Role", "aviary-leader-election");
    Set<ApiAccess> clusterRole =
        ApiAccess.granted(chart.one("ClusterRole", "aviary").path("rules"));
    Set<ApiAccess> leaseRules = ApiAccess.granted(leaseRole.path("rules"));
    Set<String> boundNamespaces = new TreeSet<>();
    chart.all("RoleBinding").stream()
        .filter(b -> b.at("/roleRef/kind").asText().equals("ClusterRole"))
        .forEach(b -> boundNamespaces.add(b.at("/metadata/namespace").asText()));
    assertThat(chart.all("ClusterRoleBinding")).isEmpty();
    answerRulesReviewWith(leaseRole);

    try (KubernetesClient operatorClient = operatorClient()) {
      TestCluster c = new TestCluster(client, operatorClient);
      runTheOperator(operatorClient);
      driveEveryProvider(c);
    }

    List<ApiAccess> made = operatorRequests();
    assertThat(made).as("requests recorded with the operator's User-Agent").hasSizeGreaterThan(50);
    List<String> denied = new ArrayList<>();
    Set<ApiAccess> used = new TreeSet<>(java.util.Comparator.comparing(ApiAccess::toString));
    for (ApiAccess a : made) {
      if (a.group().equals("authorization.k8s.io")
          && a.resource().equals("selfsubjectrulesreviews")) {
        continue; // every authenticated user may ask what it may do (system:basic-user)
      }
      boolean byClusterRole =
          a.namespace() != null
              && boundNamespaces.contains(a.namespace())
              && clusterRole.contains(a.anyNamespace());
      boolean byLeaseRole =
          HelmChart.NAMESPACE.equals(a.namespace()) && leaseRules.contains(a.anyNamespace());
      if (byClusterRole || byLeaseRole) {
        used.add(a.anyNamespace());
      } else {
        denied.add(a.toString());
      }
    }
    assertThat(denied).as("requests the chart's RBAC would refuse").isEmpty();
    // java-operator-sdk refuses to start leader election unless the service account may get,
    // create and update leases (LeaderElectionManager's SelfSubjectRulesReview check, answered
    // above with the rendered Role); renewals are patches.
    for (String verb : List.of("get", "create", "update")) {
      used.add(new ApiAccess("coordination.k8s.io", "leases", verb, null));
    }
    Set<ApiAccess> unused = new TreeSet<>(java.util.Comparator.comparing(ApiAccess::toString));
    unused.addAll(clusterRole);
    unused.addAll(leaseRules);
    unused.removeAll(used);
    assertThat(unused).as("rules the chart grants that the operator never needed").isEmpty();
  }

  /** Answers the operator's leader-election permission check with the rendered lease Role. */
  private void answerRulesReviewWith(JsonNode leaseRole) {
    JsonNode rule = leaseRole.at("/rules/0");
    List<String> verbs = new ArrayList<>();
    rule.path("verbs").forEach(v -> verbs.add(v.asText()));
    server
        .expect()
        .post()
        .withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
        .andReturn(
            201,
            new SelfSubjectRulesReviewBuilder()
                .withNewSpec()
                .withNamespace(HelmChart.NAMESPACE)
                .endSpec()
                .withNewStatus()
                .withIncomplete(false)
                .addNewResourceRule()
                .withApiGroups(rule.at("/apiGroups/0").asText())
                .withResources(rule.at("/resources/0").asText())
                .withVerbs(verbs)
                .endResourceRule()
                .endStatus()
                .build())
        .always();
  }

  private KubernetesClient operatorClient() {
    Config config =
        new ConfigBuilder(Config.empty())
            .withMasterUrl(client.getConfiguration().getMasterUrl())
            .withUserAgent(AGENT)
            .withNamespace(TestCluster.NS)
            .build();
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /**
   * The operator as it runs in the pod: leader election in the release namespace, watches of its
   * namespace, one ModelDeployment reconciled to Healthy.
   */
  private void runTheOperator(KubernetesClient operatorClient) throws Exception {
    AviaryOperator.LeaderElection election =
        new AviaryOperator.LeaderElection(
            HelmChart.NAMESPACE,
            "operator-0",
            Duration.ofSeconds(2),
            Duration.ofMillis(1500),
            Duration.ofMillis(250),
            false);
    try (AviaryOperator op =
        new AviaryOperator(
            operatorClient,
            OperatorSettings.defaults(),
            Clock.systemUTC(),
            Set.of(LIVE),
            election)) {
      op.start();
      ModelDeploymentResource md = new ModelDeploymentResource();
      md.getMetadata().setName("live");
      md.getMetadata().setNamespace(LIVE);
      md.setSpec(
          new com.fasterxml.jackson.databind.ObjectMapper(
                  new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
              .readTree(Specs.canary("1", "aviary"))
              .path("spec"));
      client.resource(md).create();
      await()
          .atMost(Duration.ofSeconds(30))
          .ignoreExceptions()
          .until(
              () ->
                  client
                      .resources(ModelDeploymentResource.class)
                      .inNamespace(LIVE)
                      .withName("live")
                      .get()
                      .getStatus()
                      .phase,
              p -> p.equals("Progressing"));
    }
  }

  /** Step by step (a test clock) through every provider's canary to promotion and cleanup. */
  private static void driveEveryProvider(TestCluster c) throws Exception {
    for (String provider : List.of("aviary", "gatewayApi", "istio", "replicas")) {
      String name = "iris-" + provider.toLowerCase(java.util.Locale.ROOT);
      c.apply(named(Specs.canary("1", provider), name));
      c.settle(name);
      c.apply(named(Specs.canary("2", provider), name));
      c.settle(name);
      c.clock.advance(Duration.ofSeconds(61));
      c.settle(name);
      c.command(name, "promote");
      c.settle(name);
      c.clock.advance(Duration.ofSeconds(61));
      c.settle(name);
      c.clock.advance(Duration.ofSeconds(31)); // the previous revision's scale-down delay
      c.settle(name);
      assertThat(c.get(name).getStatus().phase).as(provider).isEqualTo("Healthy");
      assertThat(c.revisionDeployments(name)).as(provider).hasSize(1);
    }
    // a builtin analysis reads the pods of the canary
    c.apply(named(builtinAnalysed("1"), "analysed"));
    c.settle("analysed");
    c.apply(named(builtinAnalysed("2"), "analysed"));
    c.settle("analysed");
    assertThat(c.get("analysed").getStatus().analysisRuns).isNotEmpty();
  }

  private static String named(String spec, String name) {
    return spec.replace("metadata: {name: iris}", "metadata: {name: " + name + "}");
  }

  private static String builtinAnalysed(String version) {
    return """
    apiVersion: aviary.dev/v1alpha1
    kind: ModelDeployment
    metadata: {name: iris}
    spec:
      model: {name: iris, version: "%s", uri: "file:/models/iris-v%s.onnx"}
      replicas: 2
      strategy:
        canary:
          trafficRouting: {provider: aviary}
          steps:
            - setWeight: 50
            - analysis:
                metrics:
                  - name: error-rate
                    provider: {builtin: {metric: errorRate}}
                    successCondition: result < 0.05
    """
        .formatted(version, version);
  }

  /** Every request the operator's client made, in order. */
  private List<ApiAccess> operatorRequests() throws InterruptedException {
    List<ApiAccess> out = new ArrayList<>();
    RecordedRequest r;
    while ((r = server.takeRequest(100, TimeUnit.MILLISECONDS)) != null) {
      String agent = r.getHeader("User-Agent");
      if (agent != null && agent.contains(AGENT)) {
        ApiAccess a = ApiAccess.of(r.getMethod(), r.getPath());
        if (a != null) {
          out.add(a);
        }
      }
    }
    return out;
  }
}
