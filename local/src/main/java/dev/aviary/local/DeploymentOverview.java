package dev.aviary.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aviary.engine.Revision;
import dev.aviary.engine.RolloutStatus;
import dev.aviary.gateway.GatewayStats;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

/**
 * The figures the dashboard's deployment list shows for one deployment, and a deployment's traffic
 * per revision, as JSON. Pure: everything comes in as arguments.
 */
final class DeploymentOverview {
  private static final ObjectMapper JSON = new ObjectMapper();

  private DeploymentOverview() {}

  /**
   * One row of {@code GET /api/v1/overview}: phase, stable and canary revisions with their model
   * versions, weights, step k of n, when it was first applied and its last event.
   */
  static ObjectNode entry(
      String name, String specJson, RolloutStatus status, Instant created, Store.StoredEvent last) {
    ObjectNode n = JSON.createObjectNode().put("name", name);
    JsonNode document = parse(specJson);
    JsonNode spec = document.has("spec") ? document.path("spec") : document;
    JsonNode strategy = spec.path("strategy");
    boolean canary = strategy.has("canary");
    n.put("strategy", canary ? "canary" : strategy.has("blueGreen") ? "blueGreen" : null);
    n.put("steps", canary ? strategy.path("canary").path("steps").size() : 0);
    n.put("model", spec.path("model").path("name").asText(null));
    n.put("createdAt", created == null ? null : created.toString());
    if (status == null) {
      n.put("phase", "Pending");
    } else {
      n.put("phase", status.phase().name()).put("message", status.message());
      n.set("stable", revision(status.stable()));
      n.set("candidate", revision(status.candidate()));
      n.put("step", status.currentStep());
      n.set("weights", JSON.valueToTree(status.weights()));
      n.put("paused", status.pause() != null);
    }
    if (last != null) {
      n.putObject("lastEvent")
          .put("at", last.at().toString())
          .put("type", last.type())
          .put("reason", last.reason())
          .put("message", last.message());
    }
    return n;
  }

  /**
   * {@code GET /api/v1/deployments/NAME/traffic}: the gateway's figures for the deployment's route
   * (routes are named after deployments) over {@code window}; rates per second.
   */
  static ObjectNode traffic(String name, GatewayStats stats, Instant now) {
    ObjectNode out = JSON.createObjectNode().put("name", name).put("at", now.toString());
    Duration window = stats.window();
    out.put("windowSeconds", window.toSeconds());
    double seconds = Math.max(1, window.toMillis() / 1000.0);
    var revisions = out.putArray("revisions");
    for (GatewayStats.RevisionWindow r : stats.revisions()) {
      if (!r.route().equals(name)) {
        continue;
      }
      ObjectNode o =
          revisions
              .addObject()
              .put("revision", r.revision())
              .put("weight", r.weight())
              .put("requests", r.requests())
              .put("requestRate", r.requests() / seconds);
      number(o, "successRate", r.successRate());
      number(o, "p50Ms", r.p50Ms());
      number(o, "p99Ms", r.p99Ms());
      o.set("outcomes", JSON.valueToTree(r.outcomes()));
    }
    var mirrors = out.putArray("mirrors");
    for (GatewayStats.MirrorFigures m : stats.mirrors()) {
      if (!m.route().equals(name)) {
        continue;
      }
      ObjectNode o =
          mirrors
              .addObject()
              .put("revision", m.revision())
              .put("mirror", m.mirror())
              .put("sent", m.sent())
              .put("dropped", m.dropped())
              .put("errors", m.errors())
              .put("compared", m.compared());
      number(o, "labelAgreement", m.labelAgreement());
      number(o, "meanAbsScoreDiff", m.meanAbsScoreDiff());
      number(o, "maxAbsScoreDiff", m.maxAbsScoreDiff());
    }
    return out;
  }

  private static void number(ObjectNode o, String field, double value) {
    if (Double.isFinite(value)) {
      o.put(field, value);
    } else {
      o.putNull(field);
    }
  }

  private static JsonNode revision(Revision r) {
    if (r == null) {
      return JSON.nullNode();
    }
    ObjectNode n = JSON.createObjectNode().put("id", r.id()).put("number", r.number());
    if (r.model() != null) {
      n.put("version", r.model().version());
    }
    return n;
  }

  private static JsonNode parse(String specJson) {
    try {
      return JSON.readTree(specJson);
    } catch (IOException e) {
      return JSON.createObjectNode(); // a stored spec is always JSON; nothing to show otherwise
    }
  }
}
