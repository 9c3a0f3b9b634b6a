package dev.aviary.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * The JSON Patch (RFC 6902) that sets every field of {@code desired} on {@code current} and leaves
 * every other field alone: what the operator owns is enforced, what the API server or other
 * controllers added (a Service's clusterIP, defaulted container fields, status) stays. Arrays are
 * replaced whole when they differ, and so are selectors.
 */
final class JsonPatches {
  /** Maps that mean something only as a whole (a selector with a stale key selects nothing). */
  private static final java.util.Set<String> ATOMIC = java.util.Set.of("selector");

  private JsonPatches() {}

  static ArrayNode setFields(JsonNode current, JsonNode desired) {
    ArrayNode ops = JsonNodeFactory.instance.arrayNode();
    walk(current, desired, "", ops);
    return ops;
  }

  private static void walk(JsonNode current, JsonNode desired, String path, ArrayNode ops) {
    for (Iterator<Map.Entry<String, JsonNode>> it = desired.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode want = e.getValue();
      if (want.isNull()) {
        continue;
      }
      String p = path + "/" + e.getKey().replace("~", "~0").replace("/", "~1");
      JsonNode have = current == null ? null : current.get(e.getKey());
      if (have != null && have.isObject() && want.isObject() && !ATOMIC.contains(e.getKey())) {
        walk(have, want, p, ops);
      } else if (have == null || have.isNull()) {
        ObjectNode op = ops.addObject();
        op.put("op", "add").put("path", p).set("value", want);
      } else if (!have.equals(want)) {
        ObjectNode op = ops.addObject();
        op.put("op", "replace").put("path", p).set("value", want);
      }
    }
  }
}
