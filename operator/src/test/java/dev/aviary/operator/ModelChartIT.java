package dev.aviary.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import dev.aviary.engine.Revision;
import dev.aviary.spec.ModelDeployment;
import dev.aviary.spec.SpecDocuments;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chart {@code aviary render --helm} writes for the canary example, run through Helm's own
 * engine (helm-java): lint, and template with the values a pipeline sets; what Helm renders must be
 * a spec that {@code aviary validate} and the operator accept, and a new image tag a new revision.
 */
class ModelChartIT {
  private static final Path SPEC = Path.of("..", "examples", "rollouts", "canary.yaml");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @TempDir static Path dir;
  static Path chart;
  static String specText;

  @BeforeAll
  static void writeChart() throws Exception {
    specText = Files.readString(SPEC);
    Map<String, String> files =
        ModelChart.files(
            specText,
            SpecDocuments.parse(specText),
            "registry.example.com/ml/fraud",
            "aviary render --helm -f canary.yaml -o charts/fraud");
    chart = dir.resolve("fraud");
    for (var e : files.entrySet()) {
      Path f = chart.resolve(e.getKey());
      Files.createDirectories(f.getParent());
      Files.writeString(f, e.getValue());
    }
  }

  /** {@code helm template fraud CHART -n models --set k=v ...}: the documents and their spec. */
  private static SpecDocuments template(Map<String, String> sets) throws Exception {
    var command = new Helm(chart).template().withName("fraud").withNamespace("models");
    for (var e : sets.entrySet()) {
      command = command.set(e.getKey(), e.getValue());
    }
    String yaml = command.call();
    SpecDocuments docs = SpecDocuments.parse(yaml);
    assertThat(docs.problems()).as(yaml).isEmpty();
    // What `aviary render` and the operator check on top of the spec (Kubernetes-only rules).
    Render.manifests(docs, null, "models", OperatorSettings.defaults());
    for (JsonNode d : HelmChart.parse(yaml)) {
      assertThat(d.at("/metadata/namespace").asText()).isEqualTo("models");
      assertThat(d.at("/metadata/labels/app.kubernetes.io~1managed-by").asText()).isEqualTo("Helm");
    }
    return docs;
  }

  private static ModelDeployment deployment(SpecDocuments docs) {
    assertThat(docs.deployments()).hasSize(1);
    return docs.deployments().get(0);
  }

  @Test
  void helm_lint_strict_finds_no_error_or_warning() {
    var result = new Helm(chart).lint().strict().call();
    assertThat(result.isFailed()).as("%s", result.getMessages()).isFalse();
    assertThat(result.getMessages())
        .noneMatch(m -> m.startsWith("[ERROR]") || m.startsWith("[WARNING]"));
  }

  @Test
  void with_the_default_values_helm_renders_the_spec_it_was_made_from() throws Exception {
    SpecDocuments original = SpecDocuments.parse(specText);
    SpecDocuments rendered = template(Map.of("image.repository", ""));
    ModelDeployment md = deployment(rendered);
    assertThat(md.spec()).isEqualTo(original.deployments().get(0).spec());
    assertThat(md.name()).isEqualTo("fraud");
    assertThat(md.metadata().labels()).containsEntry("team", "ml-platform");
    assertThat(rendered.templatesByName().keySet()).containsExactly("error-rate");
    assertThat(rendered.templatesByName().get("error-rate").spec())
        .isEqualTo(original.templatesByName().get("error-rate").spec());
  }

  @Test
  void the_image_is_the_repository_and_tag_and_defaults_to_the_model_name_and_version()
      throws Exception {
    assertThat(deployment(template(Map.of())).spec().server().image())
        .isEqualTo("registry.example.com/ml/fraud:fraud-2");
    assertThat(deployment(template(Map.of("image.tag", "git-1a2b3c4"))).spec().server().image())
        .isEqualTo("registry.example.com/ml/fraud:git-1a2b3c4");
  }

  @Test
  void helm_upgrade_with_a_new_image_tag_is_a_new_revision_so_the_operator_starts_a_canary()
      throws Exception {
    var before = deployment(template(Map.of("image.tag", "git-1a2b3c4"))).spec();
    var after = deployment(template(Map.of("image.tag", "git-5e6f7a8"))).spec();
    assertThat(Revision.idOf(after)).isNotEqualTo(Revision.idOf(before));
    assertThat(after.strategy()).isEqualTo(before.strategy());
  }

  @Test
  void several_set_values_reach_the_model_deployment() throws Exception {
    Map<String, String> sets = new LinkedHashMap<>();
    sets.put("image.repository", "127.0.0.1:5000/fraud");
    sets.put("image.tag", "2026-12-07");
    sets.put("model.version", "3");
    sets.put("model.uri", "file:/models/v3/model.onnx");
    sets.put("replicas", "5");
    sets.put("resources.memory", "1Gi");
    sets.put("progressDeadlineSeconds", "120");
    sets.put("annotations.aviary\\.dev/git-commit", "1a2b3c4d");
    ModelDeployment md = deployment(template(sets));
    assertThat(md.spec().server().image()).isEqualTo("127.0.0.1:5000/fraud:2026-12-07");
    assertThat(md.spec().model().version()).isEqualTo("3");
    assertThat(md.spec().model().uri()).isEqualTo("file:/models/v3/model.onnx");
    assertThat(md.spec().replicas()).isEqualTo(5);
    assertThat(md.spec().progressDeadlineSeconds()).isEqualTo(120);
    assertThat(md.spec().server().resources().memory()).isEqualTo("1Gi");
    assertThat(md.spec().server().resources().cpu()).isEqualTo("500m");
    assertThat(md.metadata().annotations()).containsEntry("aviary.dev/git-commit", "1a2b3c4d");
  }

  @Test
  void replicas_out_of_range_are_refused_by_helm() {
    assertThatThrownBy(() -> template(Map.of("replicas", "0"))).hasMessageContaining("replicas");
  }

  @Test
  void a_tag_that_is_not_an_oci_tag_is_refused_by_helm_naming_the_value() {
    assertThatThrownBy(() -> template(Map.of("image.tag", "bad/tag")))
        .hasMessageContaining("/image/tag")
        .hasMessageContaining("does not match pattern");
  }

  @Test
  void chart_yaml_names_the_deployment_and_the_model_version_and_says_how_it_was_made()
      throws Exception {
    String text = Files.readString(chart.resolve("Chart.yaml"));
    assertThat(text).startsWith("# Generated by `aviary render --helm -f canary.yaml");
    JsonNode c = YAML.readTree(text);
    assertThat(c.path("name").asText()).isEqualTo("fraud");
    assertThat(c.path("appVersion").asText()).isEqualTo("2");
  }
}
