package dev.aviary.spec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Whatever is wrong with a document, validation reports problems; it never crashes. */
class MalformedInputPropertiesTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  @Property(tries = 500)
  void mutated_examples_give_problems_not_crashes(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 4) int mutations) throws Exception {
    Random random = new Random(seed);
    String file = random.nextBoolean() ? "canary.yaml" : "blue-green.yaml";
    String text = Files.readString(Path.of("..", "examples", "rollouts", file));
    List<JsonNode> docs = new ArrayList<>();
    YAML.readerFor(JsonNode.class).readValues(text).forEachRemaining(n -> docs.add((JsonNode) n));
    for (int i = 0; i < mutations; i++) {
      mutate(docs.get(random.nextInt(docs.size())), random);
    }
    StringBuilder out = new StringBuilder();
    for (JsonNode d : docs) {
      out.append("---\n").append(YAML.writeValueAsString(d));
    }
    SpecDocuments parsed = SpecDocuments.parse(out.toString());
    assertThat(parsed.problems()).allSatisfy(p -> assertThat(p.message()).isNotBlank());
  }

  private static void mutate(JsonNode root, Random random) {
    List<JsonNode> containers = new ArrayList<>();
    collect(root, containers);
    JsonNode target = containers.get(random.nextInt(containers.size()));
    JsonNode value = randomValue(random);
    if (target instanceof ObjectNode o) {
      List<String> names = new ArrayList<>();
      o.fieldNames().forEachRemaining(names::add);
      switch (random.nextInt(3)) {
        case 0 -> o.set("extra" + random.nextInt(3), value);
        case 1 -> {
          if (!names.isEmpty()) {
            o.remove(names.get(random.nextInt(names.size())));
          }
        }
        default -> {
          if (!names.isEmpty()) {
            o.set(names.get(random.nextInt(names.size())), value);
          }
        }
      }
    } else if (target instanceof ArrayNode a) {
      if (a.size() > 0 && random.nextBoolean()) {
        a.set(random.nextInt(a.size()), value);
      } else {
        a.add(value);
      }
    }
  }

  private static JsonNode randomValue(Random random) {
    return switch (random.nextInt(8)) {
      case 0 -> F.numberNode(random.nextInt(400) - 200);
      case 1 -> F.textNode("30s");
      case 2 -> F.textNode("result <");
      case 3 -> F.nullNode();
      case 4 -> F.booleanNode(random.nextBoolean());
      case 5 -> F.arrayNode().add(1).add("x");
      case 6 -> F.objectNode().put("setWeight", 500);
      default -> F.numberNode(1e300);
    };
  }

  private static void collect(JsonNode n, List<JsonNode> out) {
    if (n.isContainerNode()) {
      out.add(n);
      n.forEach(child -> collect(child, out));
    }
  }
}
