package dev.aviary.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Per-revision figures, and shadow traffic comparison figures per (route, primary revision, mirror
 * revision), over the same sliding window. Figures that have no value (no requests, nothing
 * compared) are NaN, and null in JSON.
 */
public record GatewayStats(
    Duration window, List<RevisionWindow> revisions, List<MirrorFigures> mirrors) {

  public GatewayStats {
    revisions = List.copyOf(revisions);
    mirrors = List.copyOf(mirrors);
  }

  /**
   * One revision of one route over the window: requests, successes (status below 500), counts by
   * status class ("2xx" to "5xx", classes that did not occur left out), latencies in milliseconds.
   */
  public record RevisionWindow(
      String route,
      String revision,
      int weight,
      long requests,
      long successes,
      Map<String, Long> outcomes,
      double successRate,
      double p50Ms,
      double p90Ms,
      double p99Ms,
      int inFlight) {}

  /** Shadow traffic from {@code revision} (primary) to {@code mirror}. */
  public record MirrorFigures(
      String route,
      String revision,
      String mirror,
      long sent,
      long dropped,
      long errors,
      long uncomparable,
      long compared,
      long labelRows,
      double labelAgreement,
      double meanAbsScoreDiff,
      double maxAbsScoreDiff) {}

  public Optional<RevisionWindow> revision(String route, String revision) {
    return revisions.stream()
        .filter(r -> r.route().equals(route) && r.revision().equals(revision))
        .findFirst();
  }

  public Optional<MirrorFigures> mirror(String route, String revision, String mirror) {
    return mirrors.stream()
        .filter(
            m ->
                m.route().equals(route)
                    && m.revision().equals(revision)
                    && m.mirror().equals(mirror))
        .findFirst();
  }

  /** The figures as a JSON document (the admin API's {@code GET /stats}). */
  public String toJson() {
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = json.createObjectNode();
    root.put("windowSeconds", window.toSeconds());
    ArrayNode revs = root.putArray("revisions");
    for (RevisionWindow r : revisions) {
      ObjectNode n = revs.addObject();
      n.put("route", r.route()).put("revision", r.revision()).put("weight", r.weight());
      n.put("requests", r.requests()).put("successes", r.successes());
      ObjectNode outcomes = n.putObject("outcomes");
      new TreeMap<>(r.outcomes()).forEach(outcomes::put);
      number(n, "successRate", r.successRate());
      ObjectNode lat = n.putObject("latencyMs");
      number(lat, "p50", r.p50Ms());
      number(lat, "p90", r.p90Ms());
      number(lat, "p99", r.p99Ms());
      n.put("inFlight", r.inFlight());
    }
    ArrayNode ms = root.putArray("mirrors");
    for (MirrorFigures m : mirrors) {
      ObjectNode n = ms.addObject();
      n.put("route", m.route()).put("revision", m.revision()).put("mirror", m.mirror());
      n.put("sent", m.sent()).put("dropped", m.dropped()).put("errors", m.errors());
      n.put("uncomparable", m.uncomparable()).put("compared", m.compared());
      n.put("labelRows", m.labelRows());
      number(n, "labelAgreement", m.labelAgreement());
      number(n, "meanAbsScoreDiff", m.meanAbsScoreDiff());
      number(n, "maxAbsScoreDiff", m.maxAbsScoreDiff());
    }
    return root.toPrettyString();
  }

  private static void number(ObjectNode n, String field, double value) {
    if (Double.isNaN(value)) {
      n.putNull(field);
    } else {
      n.put(field, value);
    }
  }
}
