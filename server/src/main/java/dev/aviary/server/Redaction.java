package dev.aviary.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Replaces sensitive values in a logged payload, whatever protocol carried it: the {@code data} (or
 * {@code contents}) of every tensor whose {@code name} is listed, the value of every object field
 * whose key is listed, at any depth, and the top-level fields that hold a listed tensor without
 * naming it ({@link Unnamed}, V1's {@code instances} and {@code predictions}). Raw tensor bytes of
 * gRPC requests cannot be told apart by input, so they are redacted as a whole whenever anything is
 * to be redacted; so is a body that is not JSON, and an error message that may quote a listed
 * tensor's values: one that names it (a decoding error quotes the element it refused) and a JSON
 * syntax error (it quotes the text it could not read).
 */
final class Redaction {
  static final TextNode REDACTED = TextNode.valueOf("REDACTED");
  private static final Set<String> RAW = Set.of("rawInputContents", "rawOutputContents");

  /**
   * The top-level body fields that hold tensors without naming them, with the names of the tensors
   * each may hold.
   */
  record Unnamed(Map<String, Set<String>> request, Map<String, Set<String>> response) {
    /** OIP v2 (REST and gRPC): every tensor carries its name. */
    static final Unnamed NONE = new Unnamed(Map.of(), Map.of());

    /**
     * V1 {@code :predict}: {@code instances} are the rows of the model's input (of all its inputs
     * when a multi-input model is asked, which is refused but still logged); {@code predictions}
     * are the rows of its output when it has one (with several, each prediction is an object keyed
     * by output name, which the field rule covers).
     */
    static Unnamed v1(ModelSignature model) {
      Set<String> inputs = new LinkedHashSet<>();
      model.inputs().forEach(i -> inputs.add(i.name()));
      List<OutputSpec> outputs = model.outputs();
      return new Unnamed(
          Map.of("instances", inputs),
          outputs.size() == 1 ? Map.of("predictions", Set.of(outputs.get(0).name())) : Map.of());
    }
  }

  private Redaction() {}

  /**
   * Redacts a logged body in place and returns it (or {@link #REDACTED} for a body that is not a
   * JSON object or array).
   *
   * @param unnamed the body's top-level fields that hold tensors without naming them
   */
  static JsonNode apply(JsonNode body, Set<String> names, Map<String, Set<String>> unnamed) {
    if (names.isEmpty()) {
      return body;
    }
    if (!(body instanceof ContainerNode<?>)) {
      return REDACTED;
    }
    if (body instanceof ObjectNode o) {
      unnamed.forEach(
          (field, tensors) -> {
            if (o.has(field) && !Collections.disjoint(tensors, names)) {
              o.set(field, REDACTED);
            }
          });
      JsonNode error = o.get("error");
      if (error != null && error.isTextual() && quotesAny(error.asText(), names)) {
        o.set("error", REDACTED);
      }
    }
    return apply(body, names);
  }

  private static boolean quotesAny(String message, Set<String> names) {
    return message.startsWith(Json.MALFORMED)
        || names.stream().anyMatch(n -> message.contains("'" + n + "'"));
  }

  /** Redacts listed tensors and fields in place at any depth and returns {@code node}. */
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
