package dev.aviary.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aviary.analysis.alert.AlertTracker.Change;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the platform sends about alerts, in the formats receivers already read: Alertmanager's
 * webhook (version 4), Alertmanager's own API ({@code POST /api/v2/alerts}) and a Slack incoming
 * webhook. Pure: changes in, JSON out.
 */
final class AlertPayloads {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Alertmanager's "not resolved" end time, in the webhook it sends. */
  private static final String ZERO_TIME = "0001-01-01T00:00:00Z";

  private AlertPayloads() {}

  /** Alertmanager webhook JSON of one group: the changes of one deployment with one status. */
  static String webhook(
      String receiver, String deployment, List<Change> changes, String externalUrl) {
    boolean resolved = changes.stream().allMatch(Change::resolved);
    ObjectNode root = F.objectNode();
    root.put("version", "4");
    root.put("groupKey", "{}:{deployment=\"" + deployment + "\"}");
    root.put("truncatedAlerts", 0);
    root.put("status", resolved ? "resolved" : "firing");
    root.put("receiver", receiver);
    root.putObject("groupLabels").put("deployment", deployment);
    ObjectNode common = root.putObject("commonLabels");
    common.put("deployment", deployment);
    root.putObject("commonAnnotations");
    root.put("externalURL", externalUrl);
    ArrayNode alerts = root.putArray("alerts");
    for (Change c : changes) {
      ObjectNode a = alerts.addObject();
      a.put("status", c.resolved() ? "resolved" : "firing");
      a.set("labels", labels(c));
      a.set("annotations", annotations(c));
      a.put("startsAt", c.alert().startsAt().toString());
      a.put("endsAt", c.resolved() ? c.endsAt().toString() : ZERO_TIME);
      a.put("generatorURL", externalUrl);
      a.put("fingerprint", fingerprint(c));
    }
    return write(root);
  }

  /** The body of Alertmanager's {@code POST /api/v2/alerts}: a list of postable alerts. */
  static String alertmanager(List<Change> changes, String externalUrl) {
    ArrayNode list = F.arrayNode();
    for (Change c : changes) {
      ObjectNode a = list.addObject();
      a.set("labels", labels(c));
      a.set("annotations", annotations(c));
      a.put("startsAt", c.alert().startsAt().toString());
      if (c.resolved()) {
        a.put("endsAt", c.endsAt().toString());
      }
      a.put("generatorURL", externalUrl);
    }
    return write(list);
  }

  /** A Slack incoming-webhook message: one line per alert. */
  static String slack(String deployment, List<Change> changes) {
    StringBuilder text = new StringBuilder();
    for (Change c : changes) {
      Map<String, String> ann = c.alert().rule().annotationsFor(c.alert().labels());
      text.append(c.resolved() ? ":white_check_mark: *RESOLVED* " : ":rotating_light: *FIRING* ")
          .append(c.alert().name())
          .append(" (")
          .append(c.alert().labels().getOrDefault("severity", ""))
          .append(", ")
          .append(deployment)
          .append("): ")
          .append(ann.get("summary"))
          .append('\n')
          .append(ann.get("description"))
          .append(" Runbook: ")
          .append(ann.get("runbook_url"))
          .append('\n');
    }
    return write(F.objectNode().put("text", text.toString().strip()));
  }

  private static ObjectNode labels(Change c) {
    ObjectNode n = F.objectNode();
    n.put("alertname", c.alert().name());
    new TreeMap<>(c.alert().labels()).forEach(n::put);
    return n;
  }

  private static ObjectNode annotations(Change c) {
    ObjectNode n = F.objectNode();
    c.alert().rule().annotationsFor(c.alert().labels()).forEach(n::put);
    return n;
  }

  private static String fingerprint(Change c) {
    Map<String, String> l = new TreeMap<>(c.alert().labels());
    l.put("alertname", c.alert().name());
    return String.format("%016x", (long) l.toString().hashCode() & 0xffffffffL);
  }

  private static String write(Object node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
