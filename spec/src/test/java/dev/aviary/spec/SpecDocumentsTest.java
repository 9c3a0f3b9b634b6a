package dev.aviary.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SpecDocumentsTest {

  static final String HEADER =
      """
      apiVersion: aviary.dev/v1alpha1
      kind: ModelDeployment
      metadata:
        name: iris
      spec:
        model: {name: iris, version: "2", uri: "file:iris.onnx"}
      """;

  @Nested
  class ObjectMetadata {
    @Test
    void a_manifest_as_the_api_server_stores_it_is_valid() {
      SpecDocuments docs =
          parse(
              """
              apiVersion: aviary.dev/v1alpha1
              kind: ModelDeployment
              metadata:
                name: iris
                namespace: models
                labels: {team: risk}
                annotations: {aviary.dev/command: promote, owner: risk-team}
                uid: 0b3c5a52-6d1e-4f7e-9f0e-2b8f3d4c5a61
                resourceVersion: "4711"
                generation: 3
                creationTimestamp: "2026-01-01T00:00:00Z"
                managedFields:
                  - {manager: kubectl, operation: Update}
              spec:
                model: {name: iris, version: "2", uri: "file:iris.onnx"}
                strategy: {canary: {steps: [{setWeight: 50}]}}
              """);
      assertThat(docs.problems()).isEmpty();
      ObjectMeta meta = docs.deployments().get(0).metadata();
      assertThat(meta.namespace()).isEqualTo("models");
      assertThat(meta.labels()).containsEntry("team", "risk");
      assertThat(meta.annotations()).containsEntry("owner", "risk-team");
    }

    @Test
    void an_unknown_metadata_field_is_still_named() {
      assertThat(problems(HEADER.replace("  name: iris", "  name: iris\n  namespce: models")))
          .anySatisfy(
              p ->
                  assertThat(p)
                      .contains("metadata.namespce: unknown field", "namespace", "annotations"));
    }

    @Test
    void a_namespace_must_be_a_dns_label() {
      assertThat(problems(HEADER.replace("  name: iris", "  name: iris\n  namespace: Models")))
          .anySatisfy(p -> assertThat(p).contains("metadata.namespace", "DNS label"));
    }
  }

  static SpecDocuments parse(String yaml) {
    try {
      return SpecDocuments.parse(yaml);
    } catch (SpecReadException e) {
      throw new AssertionError(e);
    }
  }

  static List<String> problems(String yaml) {
    return parse(yaml).problems().stream().map(Problem::toString).toList();
  }

  static Stream<Path> examples() throws IOException {
    return Files.list(Path.of("..", "examples", "rollouts"))
        .filter(p -> p.toString().endsWith(".yaml"));
  }

  @ParameterizedTest
  @MethodSource("examples")
  void every_example_under_examples_rollouts_is_valid(Path file) throws Exception {
    SpecDocuments docs = SpecDocuments.parse(Files.readString(file));
    assertThat(docs.problems()).isEmpty();
    assertThat(docs.deployments()).isNotEmpty();
  }

  @Test
  void binds_a_canary_spec_with_defaults_and_every_step_kind() throws Exception {
    SpecDocuments docs =
        SpecDocuments.parse(Files.readString(Path.of("..", "examples", "rollouts", "canary.yaml")));
    ModelDeployment md = docs.deployments().get(0);
    assertThat(md.spec().replicas()).isEqualTo(2);
    Strategy.Canary c = (Strategy.Canary) md.spec().strategy();
    assertThat(c.steps())
        .extracting(s -> s.getClass().getSimpleName())
        .containsExactly(
            "SetHeaderRoute", "Shadow", "SetWeight", "AnalysisStep", "SetWeight", "Pause", "Pause");
    assertThat(c.steps().get(2)).isEqualTo(new CanaryStep.SetWeight(10));
    assertThat(c.steps().get(5)).isEqualTo(new CanaryStep.Pause(Duration.ofMinutes(5)));
    assertThat(c.steps().get(6)).isEqualTo(new CanaryStep.Pause(null));
    assertThat(c.analysis().startingStep()).isEqualTo(1);
    Metric bg = c.analysis().metrics().get(0);
    assertThat(bg.consecutiveErrorLimit()).isEqualTo(4);
    assertThat(bg.dryRun()).isFalse();
    assertThat(((MetricProvider.Builtin) bg.provider()).window()).isEqualTo(Duration.ofMinutes(1));
    assertThat(docs.templatesByName()).containsKey("error-rate");
  }

  @Test
  void resolves_template_arguments_into_conditions_and_queries() throws Exception {
    SpecDocuments docs =
        SpecDocuments.parse(Files.readString(Path.of("..", "examples", "rollouts", "canary.yaml")));
    Strategy.Canary c = (Strategy.Canary) docs.deployments().get(0).spec().strategy();
    CanaryStep.AnalysisStep step = (CanaryStep.AnalysisStep) c.steps().get(3);
    List<Metric> metrics = Analyses.resolve(step.asAnalysis(), docs.templatesByName());
    assertThat(metrics)
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.successCondition()).isEqualTo("result <= 0.02");
              assertThat(m.minSampleSize()).isEqualTo(50L);
            });
  }

  @Nested
  class Problems {
    @Test
    void reports_every_problem_at_once_with_path_and_expected_form() {
      List<String> p =
          problems(
              HEADER
                  + """
                    replicas: 0
                    progressDeadlineSeconds: soon
                    strategy:
                      canary:
                        steps:
                          - setWeight: 10
                          - pause: {duration: 5 minutes}
                          - setWeight: 150
                          - shadow: {percent: 20}
                  """);
      assertThat(p)
          .containsExactlyInAnyOrder(
              "spec.replicas: must be between 1 and 1000, got 0",
              "spec.progressDeadlineSeconds: must be a whole number, got 'soon'",
              "spec.strategy.canary.steps[1].pause.duration: must be a duration such as 30s, 5m,"
                  + " 1h30m or 250ms, got '5 minutes'",
              "spec.strategy.canary.steps[2].setWeight: must be between 0 and 100, got 150",
              "spec.strategy.canary.steps[3].shadow.duration: is required");
    }

    @Test
    void a_model_uri_no_backend_loads_is_refused_with_the_schemes_that_load() {
      String s3 = HEADER.replace("file:iris.onnx", "s3://bucket/iris.onnx");
      assertThat(problems(s3 + "  strategy: {canary: {steps: [{setWeight: 50}]}}\n"))
          .containsExactly(
              "spec.model.uri: must be a model URI: file:PATH (both backends), or on Kubernetes"
                  + " only http(s)://URL or pvc://CLAIM/PATH, got 's3://bucket/iris.onnx'");
      for (String loadable :
          List.of("file:m.onnx", "https://models.example/m.onnx", "pvc://models/m.onnx")) {
        String yaml = HEADER.replace("file:iris.onnx", loadable);
        assertThat(problems(yaml + "  strategy: {canary: {steps: [{setWeight: 50}]}}\n")).isEmpty();
      }
    }

    @Test
    void a_server_image_must_be_an_image_reference() {
      String strategy = "  strategy: {canary: {steps: [{setWeight: 50}]}}\n";
      for (String good :
          List.of(
              "fraud",
              "fraud:git-1a2b3c4",
              "127.0.0.1:5000/ml/fraud:2026-12-07",
              "registry.example.com/ml/fraud-model@sha256:" + "a".repeat(64))) {
        assertThat(problems(HEADER + "  server: {image: '" + good + "'}\n" + strategy))
            .as(good)
            .isEmpty();
      }
      for (String bad : List.of("Fraud:1", "fraud:bad tag", "fraud:-x", "/fraud", "fraud:")) {
        assertThat(problems(HEADER + "  server: {image: '" + bad + "'}\n" + strategy))
            .as(bad)
            .singleElement()
            .asString()
            .startsWith("spec.server.image: must be an image reference such as");
      }
    }

    @Test
    void names_unknown_fields_with_their_path_and_the_accepted_ones() {
      List<String> p =
          problems(
              HEADER
                  + "  replica: 3\n"
                  + "  strategy:\n"
                  + "    canary:\n"
                  + "      steps:\n"
                  + "        - setWieght: 5\n");
      assertThat(p)
          .containsExactlyInAnyOrder(
              "spec.replica: unknown field; expected one of: model, replicas, server,"
                  + " progressDeadlineSeconds, strategy, monitoring",
              "spec.strategy.canary.steps[0].setWieght: unknown field; expected exactly one of:"
                  + " setWeight, pause, analysis, shadow, setHeaderRoute");
    }

    @Test
    void requires_exactly_one_strategy() {
      assertThat(problems(HEADER + "  strategy: {canary: {}, blueGreen: {}}\n"))
          .singleElement()
          .asString()
          .startsWith("spec.strategy: must be an object with exactly one of: canary, blueGreen");
      assertThat(problems(HEADER)).containsExactly("spec.strategy: is required");
    }

    @Test
    void checks_template_references_arguments_and_conditions() {
      List<String> p =
          problems(
              """
              apiVersion: aviary.dev/v1alpha1
              kind: AnalysisTemplate
              metadata: {name: latency}
              spec:
                args: [{name: limit}]
                metrics:
                  - name: p99
                    provider: {builtin: {metric: latencyP99}}
                    successCondition: result < {{args.limit}}
              ---
              """
                  + HEADER
                  + """
                    strategy:
                      canary:
                        steps:
                          - analysis:
                              templates: [{templateName: latency}, {templateName: missing}]
                          - analysis:
                              metrics:
                                - name: m
                                  provider: {builtin: {metric: errorRatio}}
                                  successCondition: result <<= 1
                                  interval: 1m
                  """);
      assertThat(p)
          .containsExactlyInAnyOrder(
              "document 2 (ModelDeployment iris):"
                  + " spec.strategy.canary.steps[0].analysis.templates[1].templateName: no"
                  + " AnalysisTemplate named 'missing'; known: latency",
              "document 2 (ModelDeployment iris): spec.strategy.canary.steps[0].analysis.args:"
                  + " template 'latency' needs argument 'limit'",
              "document 2 (ModelDeployment iris): spec.strategy.canary.steps[1].analysis.metrics[0]"
                  + ".successCondition: invalid condition at position 8: unexpected '<'; expected a"
                  + " value in 'result <<= 1'",
              "document 2 (ModelDeployment iris): spec.strategy.canary.steps[1].analysis.metrics[0]"
                  + ".count: is required with an interval here, or the analysis would never end",
              "document 2 (ModelDeployment iris): spec.strategy.canary.steps[1].analysis.metrics[0]"
                  + ".provider.builtin.metric: must be one of errorRate, successRate, requestRate,"
                  + " latencyP50, latencyP95, latencyP99, mirrorMismatchRate, predictionDriftPsi,"
                  + " predictionDriftJs, featureDrift, datasetDriftShare, accuracy, got"
                  + " 'errorRatio'");
    }

    @Test
    void rejects_wrong_api_version_and_kind() {
      assertThat(problems("apiVersion: v1\nkind: Deployment\nmetadata: {name: x}\n"))
          .containsExactlyInAnyOrder(
              "apiVersion: must be aviary.dev/v1alpha1, got 'v1'",
              "kind: must be ModelDeployment or AnalysisTemplate, got 'Deployment'");
    }

    @Test
    void blue_green_contradictions_and_bad_header_routes_are_reported() {
      List<String> p =
          problems(
              HEADER
                  + """
                    strategy:
                      blueGreen:
                        autoPromotionEnabled: false
                        autoPromotionSeconds: 30
                        previewAccess: {port: 70000}
                  """);
      assertThat(p)
          .containsExactlyInAnyOrder(
              "spec.strategy.blueGreen.autoPromotionSeconds: has no effect when"
                  + " autoPromotionEnabled is false; remove one of them",
              "spec.strategy.blueGreen.previewAccess.port: must be between 1 and 65535, got 70000");
      assertThat(
              problems(
                  HEADER
                      + "  strategy: {canary: {steps: [{setHeaderRoute: {name: a, match: {value:"
                      + " x}}}]}}\n"))
          .containsExactly(
              "spec.strategy.canary.steps[0].setHeaderRoute.match: must set exactly one of header"
                  + " and cookie");
    }

    @Test
    void rollback_settings_are_range_checked_with_their_paths_and_default_to_30_seconds() {
      assertThat(
              problems(
                  HEADER
                      + "  strategy: {canary: {scaleDownDelaySeconds: 90000, rollbackWindow:"
                      + " {revisions: -1}}}\n"))
          .containsExactlyInAnyOrder(
              "spec.strategy.canary.scaleDownDelaySeconds: must be between 0 and 86400, got"
                  + " 90000",
              "spec.strategy.canary.rollbackWindow.revisions: must be between 0 and 100, got -1");
      assertThat(problems(HEADER + "  strategy: {blueGreen: {rollbackWindow: {revisions: 101}}}\n"))
          .containsExactly(
              "spec.strategy.blueGreen.rollbackWindow.revisions: must be between 0 and 100, got"
                  + " 101");
      SpecDocuments docs =
          parse(HEADER + "  strategy: {canary: {rollbackWindow: {revisions: 2}}}\n");
      Strategy.Canary c = (Strategy.Canary) docs.deployments().get(0).spec().strategy();
      assertThat(c.scaleDownDelaySeconds()).isEqualTo(30);
      assertThat(c.rollbackWindow().revisions()).isEqualTo(2);
    }

    @Test
    void json_documents_are_accepted_too() {
      SpecDocuments docs =
          parse(
              "{\"apiVersion\":\"aviary.dev/v1alpha1\",\"kind\":\"ModelDeployment\",\"metadata\":"
                  + "{\"name\":\"a\"},\"spec\":{\"model\":{\"name\":\"a\",\"version\":1,\"uri\":"
                  + "\"file:a.onnx\"},\"strategy\":{\"blueGreen\":{}}}}");
      assertThat(docs.problems()).isEmpty();
      Strategy.BlueGreen bg = (Strategy.BlueGreen) docs.deployments().get(0).spec().strategy();
      assertThat(bg.autoPromotionEnabled()).isTrue();
      assertThat(bg.scaleDownDelaySeconds()).isEqualTo(30);
      assertThat(docs.deployments().get(0).spec().model().version()).isEqualTo("1");
    }
  }

  @Test
  void unreadable_input_is_a_read_error_not_a_problem_list() {
    assertThatThrownBy(() -> SpecDocuments.parse("spec: [unclosed"))
        .isInstanceOf(SpecReadException.class)
        .hasMessageContaining("not valid YAML or JSON");
  }
}
