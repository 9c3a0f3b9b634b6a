package dev.aviary.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The CRDs under deploy/crds are what the generator makes from the classes. To refresh them after a
 * change: {@code mvn -pl operator test -Dtest=CrdSyncTest -Daviary.updateCrds=true}.
 */
class CrdSyncTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @Test
  void committed_crds_match_the_generated_ones() throws Exception {
    Map<String, String> generated = CrdFiles.generate();
    if (Boolean.getBoolean("aviary.updateCrds")) {
      for (var e : generated.entrySet()) {
        Files.writeString(CrdFiles.DIR.resolve(e.getKey()), e.getValue());
        Files.writeString(HelmChartTest.CHART.resolve("crds").resolve(e.getKey()), e.getValue());
      }
    }
    for (var e : generated.entrySet()) {
      Path committed = CrdFiles.DIR.resolve(e.getKey());
      assertThat(committed).exists();
      assertThat(Files.readString(committed))
          .as("%s is stale; regenerate with -Daviary.updateCrds=true", committed)
          .isEqualTo(e.getValue());
    }
  }

  @Test
  void model_deployment_crd_has_status_subresource_printer_columns_and_a_structural_spec_schema()
      throws Exception {
    JsonNode crd = YAML.readTree(CrdFiles.generate().get("modeldeployments.aviary.dev.yaml"));
    assertThat(crd.path("spec").path("group").asText()).isEqualTo("aviary.dev");
    JsonNode v = crd.path("spec").path("versions").get(0);
    assertThat(v.path("name").asText()).isEqualTo("v1alpha1");
    assertThat(v.path("subresources").has("status")).isTrue();
    List<String> columns = new ArrayList<>();
    v.path("additionalPrinterColumns").forEach(c -> columns.add(c.path("name").asText()));
    assertThat(columns)
        .containsExactly("Phase", "Step", "Canary-Weight", "Stable", "Canary", "Age");
    JsonNode spec = v.path("schema").path("openAPIV3Schema").path("properties").path("spec");
    assertThat(spec.path("required").toString()).contains("model", "strategy");
    JsonNode steps =
        spec.path("properties")
            .path("strategy")
            .path("properties")
            .path("canary")
            .path("properties")
            .path("steps")
            .path("items");
    assertThat(steps.path("maxProperties").asInt()).isEqualTo(1);
    assertThat(steps.path("properties").has("setWeight")).isTrue();
    assertStructural(spec, "spec");
    JsonNode status = v.path("schema").path("openAPIV3Schema").path("properties").path("status");
    assertThat(status.path("properties").path("rollout").path("type").asText()).isEqualTo("string");
  }

  /** Every node has a type unless it preserves unknown fields; no oneOf/anyOf/const remain. */
  private static void assertStructural(JsonNode n, String path) {
    assertThat(n.has("type") || n.path("x-kubernetes-preserve-unknown-fields").asBoolean())
        .as("type at %s", path)
        .isTrue();
    assertThat(n.has("oneOf") || n.has("anyOf") || n.has("const") || n.has("$schema"))
        .as("non-structural keyword at %s", path)
        .isFalse();
    n.path("properties")
        .fields()
        .forEachRemaining(e -> assertStructural(e.getValue(), path + "." + e.getKey()));
    if (n.has("items")) {
      assertStructural(n.get("items"), path + "[]");
    }
  }
}
