package dev.aviary.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Replaces sensitive values in a logged payload: the {@code data} (or {@code contents}) of every
 * tensor whose {@code name} is listed, and the value of every object field whose key is listed, at
 * any depth. Raw tensor bytes of gRPC requests cannot be told apart by input, so they are redacted
 * as a whole whenever anything is to be redacted.
 */
final class Redaction {
  static final TextNode REDACTED = TextNode.valueOf("REDACTED");
  private static final Set<String> RAW = Set.of("rawInputContents", "rawOutputContents");

  private Redaction() {}

  /** Redacts {@code node} in place and returns it. */
  static JsonNode apply(JsonNode node, Set<String> names) {
    if (names.isEmpty()) {
      return node;
    }
    if (node instanceof ObjectNode o) {
      JsonNode name = o.get("name");
      boolean tensor = name != null && name.isTextual() && names.contains(name.asText());
      for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> f = it.next();
        String key = f.getKey();
        if (names.contains(key)
            || RAW.contains(key)
            || (tensor && (key.equals("data") || key.equals("contents")))) {
          f.setValue(REDACTED);
        } else {
          apply(f.getValue(), names);
        }
      }
    } else if (node instanceof ArrayNode a) {
      a.forEach(e -> apply(e, names));
    }
    return node;
  }
}
