package dev.aviary.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.aviary.analysis.BuiltinSource;
import dev.aviary.analysis.Measurer;
import dev.aviary.analysis.PrometheusSource;
import dev.aviary.analysis.WebSource;
import dev.aviary.operator.crd.AnalysisTemplateResource;
import dev.aviary.operator.crd.ModelDeploymentResource;
import dev.aviary.operator.metrics.PodFleet;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A cluster for scenario tests: the fabric8 mock API server in CRUD mode, the CRDs installed, the
 * controller driven step by step with a clock the test moves, and the test acting as the kubelet
 * (marking revision Deployments' replicas ready).
 */
final class TestCluster {
  static final String NS = "models";
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  final KubernetesClient client;

  /** The client the controller uses (the test's own by default). */
  final KubernetesClient operatorClient;

  final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  final Set<String> brokenRevisions = new HashSet<>();
  OperatorSettings settings = OperatorSettings.defaults();
  ModelDeploymentController controller;
  Optional<Duration> lastRequeue = Optional.empty();

  TestCluster(KubernetesClient client) throws Exception {
    this(client, client);
  }

  TestCluster(KubernetesClient client, KubernetesClient operatorClient) throws Exception {
    this.client = client;
    this.operatorClient = operatorClient;
    for (String f :
        List.of("modeldeployments.aviary.dev.yaml", "analysistemplates.aviary.dev.yaml")) {
      client
          .apiextensions()
          .v1()
          .customResourceDefinitions()
          .load(
              new ByteArrayInputStream(
                  Files.readString(CrdFiles.DIR.resolve(f)).getBytes(StandardCharsets.UTF_8)))
          .create();
    }
    restartOperator();
  }

  TestCluster withSettings(OperatorSettings s) {
    settings = s;
    restartOperator();
    return this;
  }

  /** A new controller with no memory: everything it knows comes from the cluster. */
  void restartOperator() {
    Measurer measurer =
        new Measurer(
            new PrometheusSource(settings.prometheusUrl(), Duration.ofSeconds(2)),
            new BuiltinSource(
                new PodFleet(operatorClient, Duration.ofSeconds(2)), clock, Duration.ofSeconds(2)),
            new WebSource(Duration.ofSeconds(2)));
    controller = new ModelDeploymentController(operatorClient, settings, clock, measurer);
  }

  ModelDeploymentResource apply(String yaml) throws Exception {
    JsonNode doc = YAML.readTree(yaml);
    ModelDeploymentResource md = get(doc.path("metadata").path("name").asText());
    if (md == null) {
      md = new ModelDeploymentResource();
      md.getMetadata().setName(doc.path("metadata").path("name").asText());
      md.getMetadata().setNamespace(NS);
      md.setSpec(doc.path("spec"));
      return client.resource(md).create();
    }
    md.setSpec(doc.path("spec"));
    return client.resource(md).update();
  }

  void template(String yaml) throws Exception {
    JsonNode doc = YAML.readTree(yaml);
    AnalysisTemplateResource t = new AnalysisTemplateResource();
    t.getMetadata().setName(doc.path("metadata").path("name").asText());
    t.getMetadata().setNamespace(NS);
    t.setSpec(doc.path("spec"));
    client.resource(t).create();
  }

  ModelDeploymentResource get(String name) {
    return client.resources(ModelDeploymentResource.class).inNamespace(NS).withName(name).get();
  }

  void command(String name, String command) {
    ModelDeploymentResource md = get(name);
    md.getMetadata().getAnnotations().put(ModelDeploymentResource.COMMAND_ANNOTATION, command);
    md.getMetadata()
        .getAnnotations()
        .put(
            ModelDeploymentResource.COMMAND_ID_ANNOTATION,
            command + "-" + clock.instant().toEpochMilli() + "-" + System.nanoTime());
    client.resource(md).update();
  }

  void reconcile(String name) {
    lastRequeue = controller.reconcile(get(name));
  }

  /** The kubelet: every revision Deployment not marked broken has all its replicas ready. */
  void kubelet(String name) {
    for (Deployment d : revisionDeployments(name)) {
      String rev = d.getMetadata().getLabels().get(Labels.REVISION);
      int want = d.getSpec().getReplicas();
      int ready = brokenRevisions.contains(rev) ? 0 : want;
      Integer had = d.getStatus() == null ? null : d.getStatus().getReadyReplicas();
      if (had == null || had != ready) {
        d.setStatus(
            new DeploymentStatusBuilder()
                .withReplicas(want)
                .withReadyReplicas(ready)
                .withAvailableReplicas(ready)
                .build());
        client.resource(d).updateStatus();
      }
    }
  }

  /** Reconcile and run the kubelet until nothing changes (without moving the clock). */
  void settle(String name) {
    for (int i = 0; i < 8; i++) {
      reconcile(name);
      kubelet(name);
    }
  }

  List<Deployment> revisionDeployments(String name) {
    return client
        .apps()
        .deployments()
        .inNamespace(NS)
        .withLabel(Labels.DEPLOYMENT, name)
        .withLabel(Labels.ROLE, "server")
        .list()
        .getItems();
  }

  /** Revision id a Service selects (null when it spans revisions). */
  String revisionOfService(String service) {
    Service s = client.services().inNamespace(NS).withName(service).get();
    return s == null ? null : s.getSpec().getSelector().get(Labels.REVISION);
  }

  Map<String, Integer> replicasByRevision(String name) {
    Map<String, Integer> out = new java.util.TreeMap<>();
    revisionDeployments(name)
        .forEach(
            d ->
                out.put(
                    d.getMetadata().getLabels().get(Labels.REVISION), d.getSpec().getReplicas()));
    return out;
  }

  List<io.fabric8.kubernetes.api.model.Event> events() {
    return client.v1().events().inNamespace(NS).list().getItems();
  }

  static boolean ownedBy(HasMetadata o, ModelDeploymentResource md) {
    return o.getMetadata().getOwnerReferences().stream()
        .anyMatch(
            r ->
                r.getUid().equals(md.getMetadata().getUid())
                    && r.getKind().equals("ModelDeployment")
                    && Boolean.TRUE.equals(r.getController()));
  }

  /** A clock the test moves. */
  static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant start) {
      now = start;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
