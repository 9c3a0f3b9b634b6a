package dev.aviary.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.aviary.gateway.ConfigCodec;
import dev.aviary.gateway.ConfigException;
import dev.aviary.spec.AnalysisTemplate;
import dev.aviary.spec.SpecDocuments;
import dev.aviary.spec.SpecReadException;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every YAML example of the user docs parses, and the ones a reader would feed to Aviary are
 * accepted by the part that reads them: ModelDeployment and AnalysisTemplate documents by {@code
 * aviary validate}'s validator, gateway routes files by the gateway's configuration codec.
 */
class DocsYamlTest {
  private static final YAMLMapper YAML = new YAMLMapper();

  @Test
  void the_docs_have_yaml_examples_of_each_kind() {
    List<String> kinds = DocBlocks.yaml().stream().map(DocsYamlTest::kind).toList();
    assertThat(kinds).contains("spec", "routes");
  }

  @TestFactory
  Stream<DynamicTest> every_yaml_block_parses_and_is_valid_for_what_reads_it() {
    Map<String, AnalysisTemplate> templates = templatesOfAllDocs();
    return DocBlocks.yaml().stream()
        .map(b -> DynamicTest.dynamicTest(b.toString(), () -> check(b, templates)));
  }

  private static void check(DocBlocks.Block block, Map<String, AnalysisTemplate> templates) {
    List<JsonNode> documents = documents(block);
    switch (kind(block)) {
      case "spec" -> {
        SpecDocuments docs;
        try {
          docs = SpecDocuments.parse(block.text(), templates);
        } catch (SpecReadException e) {
          throw new AssertionError(block + ": aviary validate cannot read it: " + e.getMessage());
        }
        assertThat(docs.problems()).as(block + ": aviary validate's problems").isEmpty();
      }
      case "routes" -> {
        try {
          ConfigCodec.parse(block.text());
        } catch (ConfigException e) {
          fail(block + ": the gateway refuses this routes file: " + e.getMessage());
        }
      }
      default -> assertThat(documents).as(block + ": parsed documents").isNotNull();
    }
  }

  private static List<JsonNode> documents(DocBlocks.Block block) {
    try (var it = YAML.readerFor(JsonNode.class).<JsonNode>readValues(block.text())) {
      return it.readAll();
    } catch (IOException e) {
      throw new AssertionError(block + ": not valid YAML: " + e.getMessage(), e);
    }
  }

  /**
   * "spec" for Aviary documents, "routes" for a gateway routes file, "other" for fragments and
   * outlines (blocks that elide parts with {@code {...}}).
   */
  private static String kind(DocBlocks.Block block) {
    if (block.text().contains("{...}")) {
      return "other";
    }
    List<JsonNode> docs;
    try {
      docs = documents(block);
    } catch (AssertionError e) {
      return "unparsable";
    }
    for (JsonNode d : docs) {
      if (d == null || !d.isObject()) {
        continue;
      }
      String kind = d.path("kind").asText("");
      if (kind.equals("ModelDeployment") || kind.equals("AnalysisTemplate")) {
        return "spec";
      }
      if (d.has("routes") && !d.has("kind")) {
        return "routes";
      }
    }
    return "other";
  }

  /** Templates shown on one page serve the deployments of another, as the guides use them. */
  private static Map<String, AnalysisTemplate> templatesOfAllDocs() {
    Map<String, AnalysisTemplate> templates = new HashMap<>();
    for (DocBlocks.Block b : DocBlocks.yaml()) {
      if (!kind(b).equals("spec")) {
        continue;
      }
      try {
        templates.putAll(SpecDocuments.parse(b.text()).templatesByName());
      } catch (SpecReadException e) {
        // reported by the block's own test
      }
    }
    return templates;
  }
}
