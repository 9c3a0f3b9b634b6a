package dev.aviary.operator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * CEL rules ({@code x-kubernetes-validations}) for what a structural schema cannot say: a value
 * that may be one of several shapes ({@code anyOf} in the spec's JSON Schema, such as {@code
 * setWeight: 25} or {@code setWeight: {weight: 25}}) keeps its unknown fields in the CRD, and the
 * API server checks it with a rule made here from the same JSON Schema that the spec's validator is
 * generated from, so the two cannot drift.
 */
final class CelRules {
  private CelRules() {}

  /** The rule and its message for an {@code anyOf}; null when a branch has no CEL form here. */
  static Map<String, String> forAnyOf(String field, JsonNode anyOf) {
    List<String> alternatives = new ArrayList<>();
    List<String> said = new ArrayList<>();
    for (JsonNode branch : anyOf) {
      String test = branch(branch, "self");
      if (test == null) {
        return null;
      }
      alternatives.add("(" + test + ")");
      said.add(describe(branch));
    }
    return Map.of(
        "rule",
        String.join(" || ", alternatives),
        "message",
        field + " must be " + String.join(", or ", said));
  }

  private static String branch(JsonNode s, String self) {
    String type = s.path("type").asText();
    switch (type) {
      case "integer" -> {
        List<String> parts = new ArrayList<>(List.of("type(" + self + ") == int"));
        if (s.has("minimum")) {
          parts.add(self + " >= " + s.get("minimum").asLong());
        }
        if (s.has("maximum")) {
          parts.add(self + " <= " + s.get("maximum").asLong());
        }
        return String.join(" && ", parts);
      }
      case "object" -> {
        List<String> parts = new ArrayList<>(List.of("type(" + self + ") == map"));
        List<String> names = new ArrayList<>();
        s.path("properties").fieldNames().forEachRemaining(names::add);
        for (JsonNode r : s.path("required")) {
          parts.add("has(" + self + "." + r.asText() + ")");
        }
        if (s.path("additionalProperties").isBoolean()
            && !s.path("additionalProperties").asBoolean()) {
          // No unknown keys: as many keys as known ones present. A constant cost, unlike a
          // comprehension over the keys, which the API server's cost estimate would refuse for a
          // map of unknown size.
          List<String> present =
              names.stream().map(n -> "(has(" + self + "." + n + ") ? 1 : 0)").toList();
          parts.add("size(" + self + ") == " + String.join(" + ", present));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = s.path("properties").fields();
            it.hasNext(); ) {
          Map.Entry<String, JsonNode> p = it.next();
          String inner = branch(p.getValue(), self + "." + p.getKey());
          if (inner == null) {
            return null;
          }
          parts.add("(!has(" + self + "." + p.getKey() + ") || (" + inner + "))");
        }
        return String.join(" && ", parts);
      }
      default -> {
        return null;
      }
    }
  }

  private static String describe(JsonNode s) {
    if (s.path("type").asText().equals("integer")) {
      return "a whole number"
          + (s.has("minimum") && s.has("maximum")
              ? " from " + s.get("minimum").asLong() + " to " + s.get("maximum").asLong()
              : "");
    }
    List<String> names = new ArrayList<>();
    s.path("properties")
        .fields()
        .forEachRemaining(e -> names.add(e.getKey() + ": " + describe(e.getValue())));
    return "{" + String.join(", ", names) + "}";
  }
}
