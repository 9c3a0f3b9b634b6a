package dev.aviary.local;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Picks a value out of JSON with a dotted path such as {@code $.data.errorRate} or {@code $.a[0]}.
 */
final class JsonValues {
  private JsonValues() {}

  static Measured pick(JsonNode root, String path, String source) {
    String p = path == null || path.isEmpty() ? "$" : path;
    if (!p.startsWith("$")) {
      return Measured.error("jsonPath must start with $, got '" + p + "'");
    }
    JsonNode node = root;
    String rest = p.substring(1);
    for (String part : rest.split("\\.")) {
      if (part.isEmpty()) {
        continue;
      }
      String field = part;
      String indexes = "";
      int b = part.indexOf('[');
      if (b >= 0) {
        field = part.substring(0, b);
        indexes = part.substring(b);
      }
      if (!field.isEmpty()) {
        node = node.path(field);
      }
      while (indexes.startsWith("[")) {
        int end = indexes.indexOf(']');
        if (end < 0) {
          return Measured.error("jsonPath '" + p + "': unclosed [");
        }
        try {
          node = node.path(Integer.parseInt(indexes.substring(1, end)));
        } catch (NumberFormatException e) {
          return Measured.error("jsonPath '" + p + "': index must be a number");
        }
        indexes = indexes.substring(end + 1);
      }
    }
    if (node.isMissingNode()) {
      return Measured.error(source + ": no value at " + p);
    }
    if (node.isNull()) {
      return Measured.of(Double.NaN, null);
    }
    if (node.isNumber()) {
      return Measured.of(node.asDouble(), null);
    }
    if (node.isBoolean()) {
      return Measured.of(node.asBoolean() ? 1 : 0, null);
    }
    if (node.isTextual()) {
      try {
        return Measured.of(Double.parseDouble(node.asText()), null);
      } catch (NumberFormatException e) {
        return Measured.error(
            source + ": value at " + p + " is not a number: '" + node.asText() + "'");
      }
    }
    if (node.isArray()) {
      double[] out = new double[node.size()];
      for (int i = 0; i < out.length; i++) {
        Measured m = pick(node.get(i), "$", source);
        if (m.failed() || m.values().length != 1) {
          return Measured.error(source + ": value at " + p + " is not a list of numbers");
        }
        out[i] = m.values()[0];
      }
      return Measured.vector(out, null);
    }
    return Measured.error(source + ": value at " + p + " is an object, not a number");
  }
}
