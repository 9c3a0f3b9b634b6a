package dev.aviary.spec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The examples conform to the generated JSON Schema, and documents the validator rejects for shape
 * reasons are rejected by the schema too. Checks the subset of JSON Schema the generator emits.
 */
class SchemaConformanceTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void every_example_document_conforms_to_its_schema() throws Exception {
    try (var files = Files.list(Path.of("..", "examples", "rollouts"))) {
      for (Path f : files.toList()) {
        for (JsonNode doc : documents(Files.readString(f))) {
          assertThat(violations(doc)).as(f + " " + doc.path("kind")).isEmpty();
        }
      }
    }
  }

  @Test
  void the_schema_rejects_what_the_binder_rejects() throws Exception {
    String base =
        """
        apiVersion: aviary.dev/v1alpha1
        kind: ModelDeployment
        metadata: {name: iris}
        spec:
          model: {name: iris, version: "2", uri: "file:iris.onnx"}
        """;
    assertThat(
            violations(
                documents(base + "  strategy: {canary: {steps: [{setWeight: 150}]}}\n").get(0)))
        .anyMatch(v -> v.contains("strategy"));
    assertThat(violations(documents(base + "  colour: red\n  strategy: {blueGreen: {}}\n").get(0)))
        .anyMatch(v -> v.contains("colour"));
    assertThat(violations(documents(base + "  strategy: {canary: {}, blueGreen: {}}\n").get(0)))
        .isNotEmpty();
    assertThat(violations(documents(base).get(0))).anyMatch(v -> v.contains("strategy"));
    assertThat(
            violations(
                documents(base + "  strategy: {canary: {steps: [{pause: {duration: 5x}}]}}\n")
                    .get(0)))
        .isNotEmpty();
  }

  private static List<JsonNode> documents(String text) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    YAML.readerFor(JsonNode.class).readValues(text).forEachRemaining(n -> out.add((JsonNode) n));
    return out;
  }

  private static List<String> violations(JsonNode doc) throws Exception {
    String schema =
        doc.path("kind").asText().equals("AnalysisTemplate")
            ? JsonSchema.analysisTemplate()
            : JsonSchema.modelDeployment();
    List<String> out = new ArrayList<>();
    check(JSON.readTree(schema), doc, "$", out);
    return out;
  }

  private static void check(JsonNode s, JsonNode v, String path, List<String> out) {
    if (s.has("const") && !s.get("const").equals(v)) {
      out.add(path + ": not " + s.get("const"));
    }
    if (s.has("oneOf")) {
      int matches = 0;
      for (JsonNode option : s.get("oneOf")) {
        List<String> sub = new ArrayList<>();
        check(option, v, path, sub);
        matches += sub.isEmpty() ? 1 : 0;
      }
      if (matches != 1) {
        out.add(path + ": matches " + matches + " of oneOf");
      }
    }
    if (s.has("anyOf")) {
      boolean any = false;
      for (JsonNode option : s.get("anyOf")) {
        List<String> sub = new ArrayList<>();
        check(option, v, path, sub);
        any |= sub.isEmpty();
      }
      if (!any) {
        out.add(path + ": matches none of anyOf");
      }
    }
    String type = s.path("type").asText("");
    switch (type) {
      case "object" -> {
        if (!v.isObject()) {
          out.add(path + ": not an object");
          return;
        }
        for (JsonNode r : s.path("required")) {
          if (!v.has(r.asText())) {
            out.add(path + "." + r.asText() + ": required");
          }
        }
        JsonNode props = s.path("properties");
        for (Iterator<String> it = v.fieldNames(); it.hasNext(); ) {
          String name = it.next();
          if (props.has(name)) {
            check(props.get(name), v.get(name), path + "." + name, out);
          } else if (s.path("additionalProperties").isObject()) {
            check(s.get("additionalProperties"), v.get(name), path + "." + name, out);
          } else if (!s.path("additionalProperties").asBoolean(true)) {
            out.add(path + "." + name + ": not allowed");
          }
        }
      }
      case "array" -> {
        if (!v.isArray()) {
          out.add(path + ": not an array");
          return;
        }
        for (int i = 0; i < v.size(); i++) {
          check(s.get("items"), v.get(i), path + "[" + i + "]", out);
        }
      }
      case "string" -> {
        if (!v.isTextual()) {
          out.add(path + ": not a string");
        } else if (s.has("pattern") && !v.asText().matches(s.get("pattern").asText())) {
          out.add(path + ": does not match " + s.get("pattern").asText());
        }
      }
      case "integer" -> {
        if (!v.isIntegralNumber()) {
          out.add(path + ": not an integer");
        } else {
          if (s.has("minimum") && v.asLong() < s.get("minimum").asLong()) {
            out.add(path + ": below minimum");
          }
          if (s.has("maximum") && v.asLong() > s.get("maximum").asLong()) {
            out.add(path + ": above maximum");
          }
        }
      }
      case "number" -> {
        if (!v.isNumber()) {
          out.add(path + ": not a number");
        } else {
          if (s.has("minimum") && v.asDouble() < s.get("minimum").asDouble()) {
            out.add(path + ": below minimum");
          }
          if (s.has("maximum") && v.asDouble() > s.get("maximum").asDouble()) {
            out.add(path + ": above maximum");
          }
        }
      }
      case "boolean" -> {
        if (!v.isBoolean()) {
          out.add(path + ": not a boolean");
        }
      }
      default -> {}
    }
  }
}
