package dev.aviary.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aviary.monitor.FeatureBaseline;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes a {@code POST .../feedback} body: one item {@code {"id": "...", "label": 1}}, or a JSON
 * array of items. {@code label} is the true label of a one-row request (a string, number or
 * boolean), or an array with one label per row. Every problem is a 400 naming the field. Pure.
 */
final class FeedbackRequest {
  static final int MAX_ITEMS = 10_000;

  private FeedbackRequest() {}

  static List<LiveMonitor.FeedbackItem> decode(byte[] body) {
    JsonNode n = Json.parse(body);
    List<LiveMonitor.FeedbackItem> out = new ArrayList<>();
    if (n.isObject()) {
      out.add(item(n, ""));
    } else if (n.isArray()) {
      if (n.isEmpty()) {
        throw ApiException.badRequest("expected at least one feedback item, got an empty array");
      }
      if (n.size() > MAX_ITEMS) {
        throw ApiException.badRequest(
            "at most " + MAX_ITEMS + " feedback items per request, got " + n.size());
      }
      for (int i = 0; i < n.size(); i++) {
        out.add(item(n.get(i), "[" + i + "]."));
      }
    } else {
      throw ApiException.badRequest(
          "expected a JSON object {\"id\": ..., \"label\": ...} or an array of them");
    }
    return out;
  }

  private static LiveMonitor.FeedbackItem item(JsonNode n, String at) {
    if (!n.isObject()) {
      throw ApiException.badRequest(
          at.isEmpty() ? "expected a JSON object" : at + ": expected a JSON object");
    }
    n.fieldNames()
        .forEachRemaining(
            f -> {
              if (!f.equals("id") && !f.equals("label")) {
                throw ApiException.badRequest(
                    at + f + ": unknown field; a feedback item has 'id' and 'label'");
              }
            });
    JsonNode id = n.get("id");
    if (id == null || !id.isTextual() || id.asText().isEmpty()) {
      throw ApiException.badRequest(
          at + "id: expected the inference request's id as a non-empty string");
    }
    JsonNode label = n.get("label");
    if (label == null || label.isNull()) {
      throw ApiException.badRequest(at + "label: missing; expected the true label");
    }
    List<String> labels = new ArrayList<>();
    if (label.isArray()) {
      if (label.isEmpty()) {
        throw ApiException.badRequest(at + "label: expected one label per row, got an empty array");
      }
      for (int i = 0; i < label.size(); i++) {
        labels.add(scalar(label.get(i), at + "label[" + i + "]"));
      }
    } else {
      labels.add(scalar(label, at + "label"));
    }
    return new LiveMonitor.FeedbackItem(id.asText(), labels);
  }

  /** A label as the monitor compares it with a prediction: {@code 1} and {@code 1.0} alike. */
  private static String scalar(JsonNode v, String at) {
    if (v.isTextual()) {
      return v.asText();
    }
    if (v.isNumber()) {
      return FeatureBaseline.categoryOf(v.asDouble());
    }
    if (v.isBoolean()) {
      return v.asText();
    }
    throw ApiException.badRequest(at + ": expected a string, number or boolean, got " + v);
  }
}
