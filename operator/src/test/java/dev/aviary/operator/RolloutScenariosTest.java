package dev.aviary.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aviary.engine.RolloutStatus;
import dev.aviary.engine.RolloutStatusJson;
import dev.aviary.operator.crd.ModelDeploymentResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Blue/green, aborts, deadlines, restarts, invalid specs and ownership against the API server. */
@EnableKubernetesMockClient(crud = true, https = false)
class RolloutScenariosTest {
  KubernetesClient client;
  io.fabric8.kubernetes.client.server.mock.KubernetesMockServer server;

  @Test
  void blue_green_switches_the_active_service_selector_at_once_and_undo_switches_it_back()
      throws Exception {
    TestCluster c = new TestCluster(client);
    c.apply(Specs.blueGreen("1"));
    c.settle("iris");
    String blue = c.get("iris").getStatus().stableRevision;
    assertThat(c.revisionOfService("iris")).isEqualTo(blue);

    c.apply(Specs.blueGreen("2"));
    c.settle("iris");
    ModelDeploymentResource md = c.get("iris");
    String green = md.getStatus().canaryRevision;
    assertThat(md.getStatus().phase).isEqualTo("Paused");
    assertThat(c.revisionOfService("iris")).isEqualTo(blue);
    assertThat(c.revisionOfService("iris-preview")).isEqualTo(green);
    assertThat(c.replicasByRevision("iris")).isEqualTo(Map.of(blue, 2, green, 2));
    // testers reach the preview through the header route
    assertThat(
            c.client
                .configMaps()
                .inNamespace(TestCluster.NS)
                .withName("iris-routes")
                .get()
                .getData()
                .get("routes.yaml"))
        .contains("x-aviary-preview");

    c.command("iris", "promote");
    c.settle("iris");
    assertThat(c.revisionOfService("iris")).isEqualTo(green);
    assertThat(c.replicasByRevision("iris")).containsKeys(blue, green);

    c.command("iris", "undo");
    c.reconcile("iris");
    assertThat(c.revisionOfService("iris")).isEqualTo(blue);
    assertThat(c.get("iris").getStatus().stableRevision).isEqualTo(blue);
  }

  @Test
  void failing_analysis_from_prometheus_aborts_and_returns_traffic_to_stable() throws Exception {
    try (FakePrometheus prom = new FakePrometheus()) {
      TestCluster c = new TestCluster(client);
      String query = "sum(rate(errors{revision=\"{{revision}}\",namespace=\"{{namespace}}\"}[1m]))";
      c.apply(Specs.analysed("1", query, prom.url()));
      c.settle("iris");
      String stable = c.get("iris").getStatus().stableRevision;

      prom.values = q -> 0.2; // 20 % errors
      c.apply(Specs.analysed("2", query, prom.url()));
      c.settle("iris");
      ModelDeploymentResource md = c.get("iris");
      String canary = md.getStatus().canaryRevision;
      assertThat(prom.queries)
          .contains("sum(rate(errors{revision=\"" + canary + "\",namespace=\"models\"}[1m]))");
      assertThat(md.getStatus().phase).isEqualTo("Degraded");
      assertThat(md.getStatus().weights).isEqualTo(Map.of(stable, 100));
      assertThat(RouteReader.forProvider("gatewayApi").weights(c, "iris"))
          .isEqualTo(Map.of(stable, 100));
      assertThat(c.replicasByRevision("iris")).isEqualTo(Map.of(stable, 2));
      RolloutStatus rollout = RolloutStatusJson.read(md.getStatus().rollout);
      assertThat(rollout.runs()).anySatisfy(r -> assertThat(r.phase().name()).isEqualTo("Failed"));
      assertThat(md.getStatus().analysisRuns)
          .anySatisfy(
              r -> {
                assertThat(r.phase).isEqualTo("Failed");
                assertThat(r.revision).isEqualTo(canary);
                assertThat(r.metrics.get(0).measurements)
                    .anySatisfy(m -> assertThat(m.phase + " " + m.value).isEqualTo("Failed 0.2"));
              });
      assertThat(c.events()).extracting(e -> e.getReason()).contains("RolloutAborted");
    }
  }

  @Test
  void a_metric_source_that_is_down_gives_an_error_never_a_success() throws Exception {
    int dead;
    try (ServerSocket s = new ServerSocket(0)) {
      dead = s.getLocalPort();
    }
    TestCluster c = new TestCluster(client);
    c.apply(Specs.analysed("1", "up", "http://127.0.0.1:" + dead));
    c.settle("iris");
    c.apply(Specs.analysed("2", "up", "http://127.0.0.1:" + dead));
    c.settle("iris");
    ModelDeploymentResource md = c.get("iris");
    RolloutStatus rollout = RolloutStatusJson.read(md.getStatus().rollout);
    assertThat(rollout.runs()).isNotEmpty();
    assertThat(rollout.runs()).allSatisfy(r -> assertThat(r.phase().name()).isEqualTo("Error"));
    assertThat(rollout.runs().get(0).metrics().get(0).measurements())
        .allSatisfy(m -> assertThat(m.reason()).contains("127.0.0.1:" + dead));
    assertThat(md.getStatus().phase).isEqualTo("Degraded");
  }

  @Test
  void a_revision_that_never_becomes_ready_is_aborted_at_the_progress_deadline() throws Exception {
    TestCluster c = new TestCluster(client);
    c.apply(Specs.canary("1", "aviary"));
    c.settle("iris");
    String stable = c.get("iris").getStatus().stableRevision;
    c.apply(Specs.canary("2", "aviary"));
    c.reconcile("iris");
    String canary = c.get("iris").getStatus().canaryRevision;
    c.brokenRevisions.add(canary);
    c.clock.advance(Duration.ofSeconds(61)); // shadow step over; setWeight 25 needs a ready pod
    c.settle("iris");
    assertThat(c.get("iris").getStatus().phase).isEqualTo("Progressing");
    assertThat(c.lastRequeue)
        .hasValueSatisfying(d -> assertThat(d).isLessThanOrEqualTo(Duration.ofSeconds(121)));

    c.clock.advance(Duration.ofSeconds(121));
    c.settle("iris");
    ModelDeploymentResource md = c.get("iris");
    assertThat(md.getStatus().phase).isEqualTo("Degraded");
    assertThat(md.getStatus().message).contains("ProgressDeadlineExceeded");
    assertThat(c.replicasByRevision("iris")).isEqualTo(Map.of(stable, 4));
  }

  @Test
  void a_restarted_operator_resumes_the_rollout_from_the_status() throws Exception {
    TestCluster c = new TestCluster(client);
    c.apply(Specs.canary("1", "gatewayApi"));
    c.settle("iris");
    c.apply(Specs.canary("2", "gatewayApi"));
    c.settle("iris");
    c.clock.advance(Duration.ofSeconds(61));
    c.settle("iris");
    ModelDeploymentResource before = c.get("iris");
    assertThat(before.getStatus().phase).isEqualTo("Paused");

    c.restartOperator();
    c.settle("iris");
    ModelDeploymentResource after = c.get("iris");
    assertThat(after.getStatus().phase).isEqualTo("Paused");
    assertThat(after.getStatus().currentStep).isEqualTo(before.getStatus().currentStep);
    assertThat(after.getStatus().weights).isEqualTo(before.getStatus().weights);

    c.command("iris", "promote");
    c.settle("iris");
    assertThat(c.get("iris").getStatus().canaryWeight).isEqualTo(50);
  }

  @Test
  void an_invalid_resource_gets_phase_invalid_with_every_field_path() throws Exception {
    TestCluster c = new TestCluster(client);
    c.apply(
        """
        metadata: {name: iris}
        spec:
          model: {name: iris, version: "1", uri: "s3://bucket/iris.onnx"}
          replicas: 0
          strategy:
            canary:
              steps:
                - setWeight: 150
        """);
    c.reconcile("iris");
    ModelDeploymentResource md = c.get("iris");
    assertThat(md.getStatus().phase).isEqualTo("Invalid");
    assertThat(md.getStatus().problems)
        .extracting(p -> p.path)
        .contains("spec.replicas", "spec.strategy.canary.steps[0].setWeight", "spec.model.uri");
    assertThat(c.revisionDeployments("iris")).isEmpty();
    assertThat(c.events()).extracting(e -> e.getReason()).contains("InvalidSpec");

    c.apply(
        """
        metadata: {name: iris}
        spec:
          model: {name: iris, version: "1", uri: "s3://bucket/iris.onnx"}
          strategy: {canary: {steps: [{setWeight: 50}]}}
        """);
    c.reconcile("iris");
    assertThat(c.get("iris").getStatus().problems)
        .extracting(p -> p.path)
        .containsExactly("spec.model.uri");
  }

  @Test
  void server_env_and_args_outside_the_allow_lists_make_the_resource_invalid_and_run_nothing()
      throws Exception {
    TestCluster c = new TestCluster(client);
    c.apply(
        """
        metadata: {name: iris}
        spec:
          model: {name: iris, version: "1", uri: "file:/models/iris-v1.onnx"}
          server:
            env: {JAVA_TOOL_OPTIONS: "-XX:OnOutOfMemoryError=touch /tmp/pwned -Xmx3m"}
            args: ["--max-batch-size", "8", "--no-such-flag", "1"]
          strategy: {canary: {steps: [{setWeight: 50}]}}
        """);
    c.reconcile("iris");
    ModelDeploymentResource md = c.get("iris");
    assertThat(md.getStatus().phase).isEqualTo("Invalid");
    assertThat(md.getStatus().problems)
        .extracting(p -> p.path)
        .containsExactly("spec.server.env.JAVA_TOOL_OPTIONS", "spec.server.args[2]");
    assertThat(md.getStatus().message)
        .contains("spec.server.env.JAVA_TOOL_OPTIONS: not allowed")
        .contains("allowed: AVIARY_LOG_LEVEL, AVIARY_SERVICE_NAME")
        .contains("spec.server.args[2]: '--no-such-flag' is not an allowed server flag");
    assertThat(c.revisionDeployments("iris")).isEmpty();
    assertThat(c.events()).extracting(e -> e.getReason()).contains("InvalidSpec");
  }

  @Test
  void a_drain_flag_the_operator_sets_itself_is_refused_and_the_running_revision_stays()
      throws Exception {
    TestCluster c = new TestCluster(client);
    c.apply(Specs.blueGreen("1"));
    c.settle("iris");
    String stable = c.get("iris").getStatus().stableRevision;

    c.apply(
        Specs.blueGreen("2")
            .replace("replicas: 2", "replicas: 2\n  server: {args: [\"--drain-delay=1s\"]}"));
    c.reconcile("iris");
    ModelDeploymentResource md = c.get("iris");
    assertThat(md.getStatus().phase).isEqualTo("Invalid");
    assertThat(md.getStatus().problems)
        .extracting(p -> p.path + ": " + p.message)
        .containsExactly(
            "spec.server.args[0]: '--drain-delay' is set by the operator on Kubernetes, to match"
                + " the pod's preStop hook and termination grace period; remove it");
    assertThat(c.replicasByRevision("iris")).isEqualTo(Map.of(stable, 2));
  }

  @Test
  void every_object_the_operator_creates_is_owned_by_the_model_deployment() throws Exception {
    for (String provider : List.of("aviary", "gatewayApi")) {
      TestCluster c = new TestCluster(client);
      c.apply(
          Specs.canary("1", provider)
              .replace("name: iris}", "name: iris-" + provider.toLowerCase() + "}"));
      String name = "iris-" + provider.toLowerCase();
      c.settle(name);
      ModelDeploymentResource md = c.get(name);
      List<HasMetadata> owned = new ArrayList<>();
      owned.addAll(
          c.client
              .apps()
              .deployments()
              .inNamespace(TestCluster.NS)
              .withLabel(Labels.DEPLOYMENT, name)
              .list()
              .getItems());
      owned.addAll(
          c.client
              .services()
              .inNamespace(TestCluster.NS)
              .withLabel(Labels.DEPLOYMENT, name)
              .list()
              .getItems());
      owned.addAll(
          c.client
              .configMaps()
              .inNamespace(TestCluster.NS)
              .withLabel(Labels.DEPLOYMENT, name)
              .list()
              .getItems());
      owned.addAll(
          c.client
              .resources(io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute.class)
              .inNamespace(TestCluster.NS)
              .withLabel(Labels.DEPLOYMENT, name)
              .list()
              .getItems());
      assertThat(owned).hasSizeGreaterThanOrEqualTo(3);
      assertThat(owned)
          .allSatisfy(
              o ->
                  assertThat(TestCluster.ownedBy(o, md))
                      .as(o.getKind() + " " + o.getMetadata().getName())
                      .isTrue());
      client.resources(ModelDeploymentResource.class).inNamespace(TestCluster.NS).delete();
      client.apiextensions().v1().customResourceDefinitions().delete();
    }
  }

  @Test
  void a_routing_object_the_cluster_refuses_is_a_warning_and_the_rollout_still_reports_its_state()
      throws Exception {
    // as on a cluster without the Gateway API CRDs
    String routes = "/apis/gateway.networking.k8s.io/v1/namespaces/models/httproutes";
    server.expect().get().withPath(routes + "/iris").andReturn(404, "").always();
    server.expect().post().withPath(routes).andReturn(404, "").always();
    TestCluster c = new TestCluster(client);
    c.apply(Specs.canary("1", "gatewayApi"));
    c.settle("iris");
    assertThat(c.get("iris").getStatus().phase).isEqualTo("Healthy");
    assertThat(c.revisionDeployments("iris")).hasSize(1);
    assertThat(c.events())
        .anySatisfy(
            e -> {
              assertThat(e.getReason()).isEqualTo("TrafficNotApplied");
              assertThat(e.getMessage()).contains("HTTPRoute iris", "404");
            });
  }
}
