package dev.aviary.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The CEL rules of the committed CRD, evaluated with Google's CEL for Java as the API server
 * evaluates them: a value the spec's validator refuses is refused at admission too.
 */
class CrdValidationRulesTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final CelCompiler COMPILER =
      CelCompilerFactory.standardCelCompilerBuilder()
          .setStandardMacros(CelStandardMacro.STANDARD_MACROS) // has(), as Kubernetes enables
          .addVar("self", SimpleType.DYN)
          .build();
  private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().build();

  private static JsonNode setWeight() throws Exception {
    JsonNode crd = YAML.readTree(CrdFiles.DIR.resolve("modeldeployments.aviary.dev.yaml").toFile());
    return crd.path("spec")
        .path("versions")
        .get(0)
        .path("schema")
        .path("openAPIV3Schema")
        .path("properties")
        .path("spec")
        .path("properties")
        .path("strategy")
        .path("properties")
        .path("canary")
        .path("properties")
        .path("steps")
        .path("items")
        .path("properties")
        .path("setWeight");
  }

  private static boolean admits(String rule, Object value) throws Exception {
    CelRuntime.Program program = RUNTIME.createProgram(COMPILER.compile(rule).getAst());
    try {
      return (Boolean) program.eval(Map.of("self", value));
    } catch (dev.cel.runtime.CelEvaluationException e) {
      return false; // the API server refuses a value whose rule cannot be evaluated
    }
  }

  @Test
  void set_weight_admits_a_percentage_or_a_weight_object_and_nothing_else() throws Exception {
    JsonNode v = setWeight().path("x-kubernetes-validations");
    assertThat(v).hasSize(1);
    String rule = v.get(0).path("rule").asText();
    assertThat(v.get(0).path("message").asText())
        .isEqualTo(
            "setWeight must be a whole number from 0 to 100, or {weight: a whole number from"
                + " 0 to 100}");

    assertThat(admits(rule, 0L)).isTrue();
    assertThat(admits(rule, 25L)).isTrue();
    assertThat(admits(rule, 100L)).isTrue();
    assertThat(admits(rule, Map.of("weight", 30L))).isTrue();

    assertThat(admits(rule, 150L)).isFalse();
    assertThat(admits(rule, -1L)).isFalse();
    assertThat(admits(rule, "25")).isFalse();
    assertThat(admits(rule, 2.5d)).isFalse();
    assertThat(admits(rule, Map.of("weight", 130L))).isFalse();
    assertThat(admits(rule, Map.of())).isFalse();
    assertThat(admits(rule, Map.of("weight", 30L, "extra", 1L))).isFalse();
    assertThat(admits(rule, Map.of("wieght", 30L))).isFalse();
  }

  @Test
  void every_part_that_keeps_unknown_fields_is_checked_by_a_rule() throws Exception {
    JsonNode crd = YAML.readTree(CrdFiles.DIR.resolve("modeldeployments.aviary.dev.yaml").toFile());
    JsonNode spec =
        crd.path("spec")
            .path("versions")
            .get(0)
            .path("schema")
            .path("openAPIV3Schema")
            .path("properties")
            .path("spec");
    List<String> unchecked = new ArrayList<>();
    collect(spec, "spec", unchecked);
    assertThat(unchecked).isEmpty();
  }

  private static void collect(JsonNode n, String path, List<String> unchecked) {
    if (n.path("x-kubernetes-preserve-unknown-fields").asBoolean()
        && !n.has("x-kubernetes-validations")) {
      unchecked.add(path);
    }
    n.path("properties")
        .fields()
        .forEachRemaining(e -> collect(e.getValue(), path + "." + e.getKey(), unchecked));
    if (n.has("items")) {
      collect(n.get("items"), path + "[]", unchecked);
    }
  }
}
