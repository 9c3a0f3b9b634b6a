package dev.aviary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Alerts as the platform records them: an {@code AlertFiring} event, later an {@code AlertResolved}
 * event with the same message. Pure: events in, alerts out.
 */
final class AlertEvents {
  static final String FIRING = "AlertFiring";
  static final String RESOLVED = "AlertResolved";
  static final String DELIVERY_FAILED = "AlertDeliveryFailed";

  private AlertEvents() {}

  /** The events about alerts (fired, resolved, not delivered), oldest first. */
  static List<JsonNode> history(JsonNode events) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode e : events) {
      String reason = e.path("reason").asText();
      if (reason.equals(FIRING) || reason.equals(RESOLVED) || reason.equals(DELIVERY_FAILED)) {
        out.add(e);
      }
    }
    return out;
  }

  /** The firing events not followed by a resolution, oldest first. */
  static List<JsonNode> firing(JsonNode events) {
    Map<String, JsonNode> open = new LinkedHashMap<>();
    for (JsonNode e : events) {
      String key = e.path("deployment").asText() + "\n" + e.path("message").asText();
      switch (e.path("reason").asText()) {
        case FIRING -> open.put(key, e);
        case RESOLVED -> open.remove(key);
        default -> {}
      }
    }
    return List.copyOf(open.values());
  }
}
