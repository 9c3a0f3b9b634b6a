package dev.aviary.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aviary.spec.AnalysisTemplate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What applying documents does, against what is stored, with real model files in a directory. */
class AdmissionTest {
  @TempDir Path base;
  ModelFiles files;

  /** What the store holds; applied items are put here as the control loop would. */
  final Map<String, String> templates = new LinkedHashMap<>();

  final Map<String, String> deployments = new LinkedHashMap<>();
  final Map<String, String> served = new LinkedHashMap<>();

  @BeforeEach
  void models() throws Exception {
    Files.writeString(base.resolve("fraud-1.onnx"), "model");
    Files.writeString(base.resolve("fraud-2.onnx"), "model");
    files = new ModelFiles(base, List.of());
  }

  static String deployment(String name, String model, String file, int replicas) {
    return """
           apiVersion: aviary.dev/v1alpha1
           kind: ModelDeployment
           metadata: {name: %s}
           spec:
             model: {name: %s, version: "1", uri: "file:%s"}
             replicas: %d
             strategy: {canary: {steps: [{setWeight: 50}]}}
           """
        .formatted(name, model, file, replicas);
  }

  static String template(String name, double limit) {
    return """
           apiVersion: aviary.dev/v1alpha1
           kind: AnalysisTemplate
           metadata: {name: %s}
           spec:
             metrics:
               - name: error-rate
                 provider: {builtin: {metric: errorRate}}
                 successCondition: result <= %s
           """
        .formatted(name, limit);
  }

  static String docs(String... docs) {
    return String.join("---\n", docs);
  }

  /** Admits {@code text} and, like the control loop, stores what was admitted. */
  List<String> apply(String text) {
    Map<String, AnalysisTemplate> bound = SpecTexts.templates(templates);
    List<Admission.Item> items =
        Admission.admit(
            text,
            bound,
            new Admission.Stored(
                Map.copyOf(templates), Map.copyOf(deployments), Map.copyOf(served)),
            files::check);
    for (Admission.Item i : items) {
      if (i.kind().equals(AnalysisTemplate.KIND)) {
        templates.put(i.name(), i.json());
      } else {
        deployments.put(i.name(), i.json());
        try {
          served.put(
              i.name(),
              SpecTexts.deployment(i.json(), SpecTexts.templates(templates)).spec().model().name());
        } catch (dev.aviary.spec.SpecReadException e) {
          throw new AssertionError(e);
        }
      }
    }
    return items.stream().map(Admission.Item::line).toList();
  }

  List<String> refusal(String text) {
    Map<String, String> before = new HashMap<>(deployments);
    Map<String, String> beforeTemplates = new HashMap<>(templates);
    ApplyException e =
        org.junit.jupiter.api.Assertions.assertThrows(ApplyException.class, () -> apply(text));
    assertThat(e.status()).isEqualTo(400);
    assertThat(deployments).isEqualTo(before);
    assertThat(templates).isEqualTo(beforeTemplates);
    return e.problems();
  }

  @Nested
  @DisplayName("admitted documents")
  class Admitted {
    @Test
    void a_new_deployment_is_created_and_the_same_text_again_is_unchanged() {
      String d = deployment("fraud", "fraud", "fraud-1.onnx", 2);
      assertThat(apply(d)).containsExactly("modeldeployment/fraud created");
      assertThat(apply(d)).containsExactly("modeldeployment/fraud unchanged");
    }

    @Test
    void a_changed_deployment_is_configured_with_the_spec_updated_event() {
      apply(deployment("fraud", "fraud", "fraud-1.onnx", 2));
      List<Admission.Item> items =
          Admission.admit(
              deployment("fraud", "fraud", "fraud-2.onnx", 2),
              Map.of(),
              new Admission.Stored(templates, deployments, served),
              files::check);
      assertThat(items)
          .extracting(Admission.Item::change)
          .containsExactly(Admission.Change.configured);
      assertThat(items.get(0).eventReason()).isEqualTo("SpecUpdated");
    }

    @Test
    void only_a_change_records_an_event() {
      assertThat(
              new Admission.Item("ModelDeployment", "a", "{}", Admission.Change.created)
                  .eventReason())
          .isEqualTo("SpecCreated");
      assertThat(
              new Admission.Item("ModelDeployment", "a", "{}", Admission.Change.unchanged)
                  .eventReason())
          .isNull();
    }

    @Test
    void templates_come_first_so_deployments_are_bound_against_them_and_are_never_created() {
      String text =
          docs(
              deployment("fraud", "fraud", "fraud-1.onnx", 2),
              template("error-rate", 0.05),
              deployment("iris", "iris", "fraud-2.onnx", 1));
      assertThat(apply(text))
          .containsExactly(
              "analysistemplate/error-rate configured",
              "modeldeployment/fraud created",
              "modeldeployment/iris created");
      assertThat(apply(template("error-rate", 0.05)))
          .containsExactly("analysistemplate/error-rate unchanged");
      assertThat(apply(template("error-rate", 0.1)))
          .containsExactly("analysistemplate/error-rate configured");
    }

    @Test
    void the_same_deployment_may_keep_its_model_name() {
      apply(deployment("fraud", "fraud", "fraud-1.onnx", 2));
      assertThat(apply(deployment("fraud", "fraud", "fraud-2.onnx", 3)))
          .containsExactly("modeldeployment/fraud configured");
    }
  }

  @Nested
  @DisplayName("refused documents change nothing")
  class Refused {
    @Test
    void text_that_does_not_read_is_refused_with_the_reader_message() {
      assertThatThrownBy(() -> apply("kind: [unclosed"))
          .isInstanceOf(ApplyException.class)
          .hasMessageContaining("YAML");
    }

    @Test
    void a_missing_model_file_is_refused_naming_the_field_and_the_path() {
      assertThat(refusal(deployment("fraud", "fraud", "gone.onnx", 1)))
          .singleElement()
          .asString()
          .startsWith("ModelDeployment fraud: spec.model.uri")
          .contains("no such file")
          .contains("gone.onnx");
    }

    @Test
    void a_model_outside_the_roots_is_refused_without_telling_whether_it_exists() {
      assertThat(refusal(deployment("fraud", "fraud", "/etc/passwd", 1)))
          .singleElement()
          .asString()
          .contains("spec.model.uri")
          .contains("must name a file under a model root");
    }

    @Test
    void a_server_image_is_refused_because_only_the_operator_runs_images() {
      String withImage =
          deployment("fraud", "fraud", "fraud-1.onnx", 1)
              .replace("replicas: 1", "replicas: 1\n  server: {image: \"fraud:git-1a2b3c4\"}");
      assertThat(refusal(withImage))
          .singleElement()
          .asString()
          .startsWith("ModelDeployment fraud: spec.server.image")
          .contains("only the Kubernetes operator runs images");
    }

    @Test
    void a_model_name_served_by_another_deployment_is_refused() {
      apply(deployment("fraud", "fraud", "fraud-1.onnx", 1));
      assertThat(refusal(deployment("fraud-b", "fraud", "fraud-2.onnx", 1)))
          .singleElement()
          .asString()
          .startsWith("ModelDeployment fraud-b: spec.model.name")
          .contains("already served by deployment fraud");
    }

    @Test
    void one_bad_document_refuses_the_whole_set_with_every_problem() {
      apply(deployment("fraud", "fraud", "fraud-1.onnx", 1));
      List<String> problems =
          refusal(
              docs(
                  template("error-rate", 0.05),
                  deployment("a", "fraud", "missing.onnx", 1),
                  deployment("b", "b", "fraud-2.onnx", 1)));
      assertThat(problems).hasSize(2);
      assertThat(templates).isEmpty();
    }

    @Test
    void the_refusal_counts_its_problems_in_words() {
      ApplyException one =
          org.junit.jupiter.api.Assertions.assertThrows(
              ApplyException.class, () -> apply(deployment("a", "a", "missing.onnx", 1)));
      assertThat(one.getMessage()).endsWith("nothing was changed (1 problem)");
      ApplyException two =
          org.junit.jupiter.api.Assertions.assertThrows(
              ApplyException.class,
              () ->
                  apply(
                      docs(
                          deployment("a", "a", "missing.onnx", 1),
                          deployment("b", "b", "missing.onnx", 1))));
      assertThat(two.getMessage()).endsWith("nothing was changed (2 problems)");
    }

    @Test
    void spec_validation_problems_are_reported_before_the_platform_checks() {
      List<String> problems = refusal(deployment("fraud", "fraud", "missing.onnx", -1));
      assertThat(problems).anySatisfy(p -> assertThat(p).contains("replicas"));
      assertThat(problems).noneSatisfy(p -> assertThat(p).contains("no such file"));
    }
  }
}
