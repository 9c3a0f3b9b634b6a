package dev.aviary.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aviary.spec.condition.Value;

/**
 * The dotted path of the {@code web} provider: {@code $} is the document, {@code .name} a field,
 * {@code [0]} or {@code .0} an element of an array. What it picks must be a number, a numeric
 * string (with {@code NaN}, {@code +Inf}/{@code Infinity}), a boolean (1 or 0), null (NaN: no data)
 * or an array of those.
 */
final class JsonPath {
  private JsonPath() {}

  static Value pick(JsonNode root, String path, String source) throws MeasurementException {
    String p = path == null || path.isEmpty() ? "$" : path;
    if (!p.startsWith("$")) {
      throw new MeasurementException("jsonPath must start with $, got '" + p + "'");
    }
    JsonNode node = root;
    for (String step : steps(p)) {
      node =
          node.isArray() && step.matches("\\d+")
              ? node.path(Integer.parseInt(step))
              : node.path(step);
    }
    if (node.isMissingNode()) {
      throw new MeasurementException(p + " is missing in the answer of " + source);
    }
    if (node.isArray()) {
      double[] xs = new double[node.size()];
      for (int i = 0; i < xs.length; i++) {
        xs[i] = number(node.get(i), p + "[" + i + "]", source);
      }
      return Value.of(xs);
    }
    return Value.of(number(node, p, source));
  }

  private static String[] steps(String path) throws MeasurementException {
    if (path.chars().filter(c -> c == '[').count() != path.chars().filter(c -> c == ']').count()) {
      throw new MeasurementException("jsonPath '" + path + "' has an unclosed [");
    }
    String rest = path.substring(1).replace("[", ".").replace("]", "");
    if (rest.isEmpty()) {
      return new String[0];
    }
    return (rest.startsWith(".") ? rest.substring(1) : rest).split("\\.", -1);
  }

  private static double number(JsonNode node, String at, String source)
      throws MeasurementException {
    if (node.isNull()) {
      return Double.NaN;
    }
    if (node.isNumber()) {
      return node.asDouble();
    }
    if (node.isBoolean()) {
      return node.asBoolean() ? 1 : 0;
    }
    if (node.isTextual()) {
      try {
        return Numbers.parse(node.asText());
      } catch (NumberFormatException e) {
        throw new MeasurementException(
            at + " in the answer of " + source + " is not a number: '" + node.asText() + "'");
      }
    }
    String what = node.isArray() ? "a nested array" : "an object";
    throw new MeasurementException(
        at + " in the answer of " + source + " is " + what + ", not a number");
  }
}
