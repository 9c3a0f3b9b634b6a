package dev.aviary.operator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aviary.engine.Revision;
import dev.aviary.spec.ModelRef;
import dev.aviary.spec.ServerAllowLists;
import dev.aviary.spec.ServerSettings;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RevisionDeploymentTest {
  static final Owned OWNED =
      new Owned(
          "iris",
          "models",
          new OwnerReferenceBuilder()
              .withApiVersion("aviary.dev/v1alpha1")
              .withKind("ModelDeployment")
              .withName("iris")
              .withUid("u1")
              .withController(true)
              .build());

  private static Deployment deployment(String uri, ServerSettings server) {
    Revision r = new Revision("abcdef0123", 3, new ModelRef("iris", "2", uri), server);
    return RevisionDeployment.desired(
        OWNED, r, 3, 120, OperatorSettings.defaults().withServerImage("aviary:1"));
  }

  @Test
  void runs_aviary_serve_with_probes_on_readyz_and_healthz() {
    Deployment d = deployment("file:/models/iris.onnx", ServerSettings.DEFAULT);
    assertThat(d.getMetadata().getName()).isEqualTo("iris-abcdef0123");
    Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(c.getImage()).isEqualTo("aviary:1");
    assertThat(c.getArgs())
        .startsWith(
            "serve",
            "--model",
            "/models/iris.onnx",
            "--name",
            "iris",
            "--version",
            "2",
            "--host",
            "0.0.0.0",
            "--port",
            "9000");
    assertThat(c.getStartupProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(c.getStartupProbe().getFailureThreshold() * c.getStartupProbe().getPeriodSeconds())
        .isLessThanOrEqualTo(120);
    assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(c.getPorts().get(0).getContainerPort()).isEqualTo(9000);
  }

  @Test
  void shutdown_waits_for_endpoints_removal_and_the_servers_drain() {
    Deployment d = deployment("file:/models/iris.onnx", ServerSettings.DEFAULT);
    Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
    long preStop = c.getLifecycle().getPreStop().getSleep().getSeconds();
    assertThat(c.getArgs())
        .containsSequence("--drain-delay", "5s")
        .containsSequence("--shutdown-timeout", "30s");
    assertThat(d.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
        .isGreaterThan(preStop + 5 + 30);
  }

  @Test
  void labels_selector_and_owner_identify_the_revision() {
    Deployment d = deployment("file:/models/iris.onnx", ServerSettings.DEFAULT);
    assertThat(d.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/name", "iris")
        .containsEntry("aviary.dev/deployment", "iris")
        .containsEntry("aviary.dev/revision", "abcdef0123");
    assertThat(d.getSpec().getSelector().getMatchLabels())
        .isEqualTo(Map.of("aviary.dev/deployment", "iris", "aviary.dev/revision", "abcdef0123"));
    assertThat(d.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(d.getSpec().getSelector().getMatchLabels());
    assertThat(d.getMetadata().getOwnerReferences())
        .extracting(o -> o.getUid())
        .containsExactly("u1");
  }

  @Test
  void runs_as_non_root_with_a_read_only_root_filesystem_and_a_writable_tmp() {
    Deployment d = deployment("file:/models/iris.onnx", ServerSettings.DEFAULT);
    var pod = d.getSpec().getTemplate().getSpec();
    Container c = pod.getContainers().get(0);
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(c.getVolumeMounts()).anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
  }

  @Test
  void the_spec_server_image_replaces_the_operator_server_image_for_that_revision() {
    ServerSettings s =
        new ServerSettings(
            List.of(), Map.of(), null, null, "registry.example.com/fraud:git-1a2b3c4");
    Container c =
        deployment("file:/models/iris.onnx", s)
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0);
    assertThat(c.getImage()).isEqualTo("registry.example.com/fraud:git-1a2b3c4");
  }

  @Test
  void resources_env_args_and_probe_overrides_come_from_the_spec() {
    ServerSettings s =
        new ServerSettings(
            List.of("--max-batch-size", "16"),
            Map.of("AVIARY_LOG_LEVEL", "debug"),
            new ServerSettings.Resources("500m", "512Mi"),
            new ServerSettings.Probes(new ServerSettings.Probe("/ready2", 1, 7, 3, 4), null));
    Container c =
        deployment("file:/models/iris.onnx", s)
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0);
    assertThat(c.getArgs()).endsWith("--max-batch-size", "16");
    assertThat(c.getEnv())
        .anySatisfy(
            e -> assertThat(e.getName() + "=" + e.getValue()).isEqualTo("AVIARY_LOG_LEVEL=debug"));
    assertThat(c.getResources().getRequests().get("cpu").toString()).isEqualTo("500m");
    assertThat(c.getResources().getLimits().get("memory").toString()).isEqualTo("512Mi");
    assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/ready2");
    assertThat(c.getReadinessProbe().getPeriodSeconds()).isEqualTo(7);
  }

  @Test
  void a_spec_can_set_none_of_the_flags_and_variables_the_operator_sets_itself() {
    Container c =
        deployment("file:/models/iris.onnx", ServerSettings.DEFAULT)
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0);
    List<String> own = c.getArgs().stream().filter(a -> a.startsWith("-")).toList();
    assertThat(own).isNotEmpty();
    for (String flag : own) {
      assertThat(
              ServerAllowLists.REFUSED_FLAGS.containsKey(flag)
                  || ServerAllowLists.SET_BY_OPERATOR.contains(flag))
          .as(flag)
          .isTrue();
    }
    for (var e : c.getEnv()) {
      assertThat(ServerAllowLists.ENV).noneMatch(allowed -> allowed.name().equals(e.getName()));
    }
  }

  @Test
  void an_http_model_is_downloaded_by_an_init_container_into_a_shared_volume() {
    Deployment d = deployment("https://models.example/iris.onnx", ServerSettings.DEFAULT);
    var pod = d.getSpec().getTemplate().getSpec();
    assertThat(pod.getInitContainers()).hasSize(1);
    assertThat(pod.getInitContainers().get(0).getCommand())
        .contains("https://models.example/iris.onnx", "/models/model.onnx");
    assertThat(pod.getContainers().get(0).getArgs())
        .containsSequence("--model", "/models/model.onnx");
  }

  @Test
  void a_model_on_a_claim_is_mounted_read_only_without_an_init_container() {
    Deployment d = deployment("pvc://models-store/fraud/v2/model.onnx", ServerSettings.DEFAULT);
    var pod = d.getSpec().getTemplate().getSpec();
    assertThat(pod.getInitContainers()).isEmpty();
    var volume =
        pod.getVolumes().stream()
            .filter(v -> v.getName().equals("model"))
            .findFirst()
            .orElseThrow();
    assertThat(volume.getPersistentVolumeClaim().getClaimName()).isEqualTo("models-store");
    assertThat(volume.getPersistentVolumeClaim().getReadOnly()).isTrue();
    Container c = pod.getContainers().get(0);
    assertThat(c.getVolumeMounts())
        .anySatisfy(
            m -> {
              assertThat(m.getName()).isEqualTo("model");
              assertThat(m.getMountPath()).isEqualTo("/models");
              assertThat(m.getReadOnly()).isTrue();
            });
    assertThat(c.getArgs()).containsSequence("--model", "/models/fraud/v2/model.onnx");
  }

  @Test
  void a_model_in_the_image_needs_no_model_volume() {
    Deployment d = deployment("file:/models/v1/model.onnx", ServerSettings.DEFAULT);
    var pod = d.getSpec().getTemplate().getSpec();
    assertThat(pod.getInitContainers()).isEmpty();
    assertThat(pod.getVolumes()).extracting(v -> v.getName()).containsExactly("tmp");
    assertThat(pod.getContainers().get(0).getArgs())
        .containsSequence("--model", "/models/v1/model.onnx");
  }
}
