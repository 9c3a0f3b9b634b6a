package dev.aviary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Renders a deployment (as the control API returns it) for people. */
final class Describe {
  private Describe() {}

  static String revision(JsonNode r) {
    if (r == null || r.isMissingNode() || r.isNull()) {
      return "-";
    }
    return "#"
        + r.path("number").asInt()
        + " "
        + r.path("id").asText()
        + " (v"
        + r.path("model").path("version").asText()
        + ")";
  }

  static String weights(JsonNode w) {
    if (w == null || !w.isObject() || w.isEmpty()) {
      return "-";
    }
    List<String> parts = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> it = w.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      parts.add(e.getKey() + "=" + e.getValue().asInt() + "%");
    }
    return String.join(" ", parts);
  }

  static void print(PrintWriter out, JsonNode d, JsonNode events, int recentEvents) {
    JsonNode s = d.path("status");
    out.println("Name:       " + d.path("name").asText());
    out.println("Phase:      " + s.path("phase").asText("Pending"));
    out.println("Message:    " + s.path("message").asText(""));
    out.println("Stable:     " + revision(s.path("stable")));
    out.println("Candidate:  " + revision(s.path("candidate")));
    out.println("Weights:    " + weights(s.path("weights")));
    JsonNode strategy = d.path("spec").path("spec").path("strategy");
    JsonNode steps = strategy.path("canary").path("steps");
    if (steps.isArray() && steps.size() > 0) {
      boolean rolling =
          !s.path("candidate").isNull()
              && !s.path("candidate").isMissingNode()
              && !s.path("aborted").asBoolean();
      int current = s.path("currentStep").asInt();
      out.println("Steps:");
      for (int i = 0; i < steps.size(); i++) {
        String marker = rolling && i == current ? "->" : rolling && i < current ? " ✓" : "  ";
        out.println("  " + marker + " " + i + ": " + steps.get(i).toString());
      }
    } else if (strategy.has("blueGreen")) {
      out.println(
          "Strategy:   blue/green"
              + (s.path("switched").asBoolean() ? " (switched, post-promotion)" : ""));
    }
    out.println("Replicas:");
    for (JsonNode r : d.path("replicas")) {
      if (r.has("desired")) { // a cluster counts a revision's replicas in its Deployment
        out.printf(
            "  %s/%s  %-11s %d/%d ready%n",
            r.path("revision").asText(),
            r.path("replica").asText(),
            r.path("state").asText(),
            r.path("ready").asInt(),
            r.path("desired").asInt());
        continue;
      }
      out.printf(
          "  %s/%s  %-11s port %-5d pid %-7d restarts %d%s%n",
          r.path("revision").asText(),
          r.path("replica").asText(),
          r.path("state").asText(),
          r.path("port").asInt(),
          r.path("pid").asLong(),
          r.path("restarts").asInt(),
          r.path("crashLooping").asBoolean() ? "  CRASH-LOOPING" : "");
    }
    JsonNode runs = s.path("runs");
    if (runs.isArray() && runs.size() > 0) {
      out.println("Analysis:");
      for (JsonNode run : runs) {
        out.println(
            "  "
                + run.path("id").asText()
                + "  "
                + run.path("phase").asText()
                + (run.path("message").asText("").isEmpty()
                    ? ""
                    : "  " + run.path("message").asText()));
        for (JsonNode m : run.path("metrics")) {
          out.println(
              "    "
                  + m.path("name").asText()
                  + ": "
                  + m.path("phase").asText()
                  + " ("
                  + m.path("successful").asInt()
                  + " ok, "
                  + m.path("failed").asInt()
                  + " failed, "
                  + m.path("inconclusive").asInt()
                  + " inconclusive, "
                  + m.path("error").asInt()
                  + " error)");
          for (JsonNode x : m.path("measurements")) {
            out.println("      " + measurement(x));
          }
        }
      }
    }
    if (events != null && events.isArray()) {
      for (JsonNode a : AlertEvents.firing(events)) {
        out.println(
            "Alert firing: "
                + a.path("message").asText()
                + " (since "
                + a.path("at").asText()
                + ")");
      }
      out.println("Events:");
      int from = Math.max(0, events.size() - recentEvents);
      for (int i = from; i < events.size(); i++) {
        JsonNode e = events.get(i);
        out.println(
            "  "
                + e.path("at").asText().replace('T', ' ').replaceAll("\\.\\d+Z$", "Z")
                + "  "
                + (e.path("type").asText().equals("Warning") ? "WARN " : "     ")
                + e.path("reason").asText()
                + ": "
                + e.path("message").asText());
      }
    }
    out.flush();
  }

  /** One measurement line; one still waiting for data says so instead of {@code value=NaN n=0}. */
  static String measurement(JsonNode x) {
    String index = "#" + x.path("index").asInt();
    String reason = x.path("reason").asText("");
    if (x.path("phase").asText().equals("Waiting")) {
      return index + " no data yet" + (reason.isEmpty() ? "" : "  " + reason);
    }
    return index
        + " "
        + x.path("phase").asText()
        + "  value="
        + value(x.path("value"))
        + (x.hasNonNull("baseline") ? " baseline=" + value(x.path("baseline")) : "")
        + (x.hasNonNull("sampleSize") ? " n=" + x.path("sampleSize").asLong() : "")
        + "  "
        + reason;
  }

  static String value(JsonNode v) {
    if (v.isNumber()) {
      double d = v.asDouble();
      return Math.abs(d) >= 0.001 || d == 0 ? String.format("%.4f", d) : String.format("%.3g", d);
    }
    return v.toString();
  }

  static String ago(String instant) {
    try {
      long s = java.time.Duration.between(Instant.parse(instant), Instant.now()).toSeconds();
      return s + "s ago";
    } catch (RuntimeException e) {
      return instant;
    }
  }
}
