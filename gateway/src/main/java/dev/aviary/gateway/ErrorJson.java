package dev.aviary.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import java.util.List;

/** The JSON body of every error the gateway answers itself: {@code {"error": "..."}}. */
final class ErrorJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ErrorJson() {}

  static Buffer of(String message) {
    return Buffer.buffer(json(message));
  }

  static String json(String message) {
    return JSON.createObjectNode().put("error", message).toString();
  }

  static Buffer of(String message, List<String> problems) {
    ObjectNode n = JSON.createObjectNode().put("error", message);
    problems.forEach(n.putArray("problems")::add);
    return Buffer.buffer(n.toString());
  }
}
