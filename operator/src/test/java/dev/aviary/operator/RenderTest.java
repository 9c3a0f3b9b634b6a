package dev.aviary.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aviary.spec.SpecDocuments;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RenderTest {
  private static SpecDocuments docs(String text) throws Exception {
    return SpecDocuments.parse(text);
  }

  @ParameterizedTest
  @ValueSource(strings = {"aviary", "gateway-api", "istio", "replicas"})
  void renders_the_initial_revision_services_and_routing_for_every_provider(String traffic)
      throws Exception {
    List<HasMetadata> m =
        Render.manifests(
            docs(Specs.canary("1", "aviary")), traffic, "models", OperatorSettings.defaults());
    Deployment d = (Deployment) m.get(0);
    assertThat(d.getSpec().getReplicas()).isEqualTo(4);
    Service active =
        (Service)
            m.stream()
                .filter(o -> o.getMetadata().getName().equals("iris") && o instanceof Service)
                .findFirst()
                .orElseThrow();
    // the active Service selects exactly the pods of the rendered revision
    assertThat(d.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(active.getSpec().getSelector());
    assertThat(m)
        .allSatisfy(
            o -> {
              assertThat(o.getMetadata().getNamespace()).isEqualTo("models");
              assertThat(o.getMetadata().getOwnerReferences()).isNullOrEmpty();
            });
    String yaml = Render.yaml(m);
    assertThat(yaml)
        .contains(
            "kind: Deployment",
            "kind: Service",
            "/readyz",
            "/healthz",
            "readOnlyRootFilesystem: true");
    // strings that look like numbers stay strings (annotations, model versions)
    assertThat(yaml)
        .contains("aviary.dev/revision-number: \"1\"")
        .doesNotContain("revision-number: 1\n");
    switch (traffic) {
      case "gateway-api" -> assertThat(yaml).contains("kind: HTTPRoute", "weight: 100");
      case "istio" -> assertThat(yaml).contains("kind: VirtualService");
      case "aviary" -> assertThat(yaml).contains("kind: ConfigMap", "routes.yaml");
      default -> assertThat(yaml).doesNotContain("HTTPRoute", "VirtualService");
    }
  }

  @Test
  void the_example_specs_render() throws Exception {
    for (String f : List.of("canary.yaml", "blue-green.yaml")) {
      String text = Files.readString(Path.of("..", "examples", "rollouts", f));
      String yaml =
          Render.yaml(Render.manifests(docs(text), null, "default", OperatorSettings.defaults()));
      assertThat(yaml).contains("kind: Deployment");
    }
  }

  @Test
  void an_invalid_spec_names_its_problems() {
    assertThatThrownBy(
            () ->
                Render.manifests(
                    docs(
                        """
                        apiVersion: aviary.dev/v1alpha1
                        kind: ModelDeployment
                        metadata: {name: iris}
                        spec:
                          model: {name: iris, version: "1", uri: "s3://b/iris.onnx"}
                          strategy: {canary: {steps: [{setWeight: 50}]}}
                        """),
                    null,
                    "default",
                    OperatorSettings.defaults()))
        .hasMessageContaining("spec.model.uri");
  }

  @Test
  void every_problem_is_named_at_once_with_those_only_kubernetes_has() {
    assertThatThrownBy(
            () ->
                Render.manifests(
                    docs(
                        """
                        apiVersion: aviary.dev/v1alpha1
                        kind: ModelDeployment
                        metadata: {name: iris, namespace: models, annotations: {team: risk}}
                        spec:
                          model: {name: iris, version: "1", uri: "s3://b/iris.onnx"}
                          replicas: 0
                          strategy: {canary: {steps: [{setWeight: 150}]}}
                        """),
                    null,
                    "default",
                    OperatorSettings.defaults()))
        .hasMessageContaining("spec.model.uri")
        .hasMessageContaining("spec.replicas")
        .hasMessageContaining("spec.strategy.canary.steps[0].setWeight");
  }

  private static final String ON_A_CLAIM =
      """
      apiVersion: aviary.dev/v1alpha1
      kind: ModelDeployment
      metadata: {name: fraud}
      spec:
        model: {name: fraud, version: "2", uri: "%s"}
        strategy: {canary: {steps: [{setWeight: 50}]}}
      """;

  @Test
  void a_model_on_a_claim_renders_a_read_only_claim_volume() throws Exception {
    String yaml =
        Render.yaml(
            Render.manifests(
                docs(ON_A_CLAIM.formatted("pvc://models/fraud/v2/model.onnx")),
                null,
                "default",
                OperatorSettings.defaults()));
    assertThat(yaml)
        .contains("persistentVolumeClaim:", "claimName: models", "/models/fraud/v2/model.onnx")
        .doesNotContain("initContainers");
  }

  @Test
  void a_malformed_claim_uri_is_named_with_its_path() {
    assertThatThrownBy(
            () ->
                Render.manifests(
                    docs(ON_A_CLAIM.formatted("pvc://models")),
                    null,
                    "default",
                    OperatorSettings.defaults()))
        .hasMessageContaining("spec.model.uri")
        .hasMessageContaining("expected pvc://CLAIM/PATH");
  }
}
