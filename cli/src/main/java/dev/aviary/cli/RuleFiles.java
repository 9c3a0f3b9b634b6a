package dev.aviary.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.aviary.analysis.alert.AlertRule;
import dev.aviary.analysis.alert.AlertRules;
import dev.aviary.analysis.alert.Expr;
import dev.aviary.analysis.alert.RecordingRule;
import java.util.Map;
import java.util.TreeMap;

/** Prometheus rule files and Prometheus Operator PrometheusRule objects, written from the rules. */
final class RuleFiles {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final ObjectMapper YAML =
      new ObjectMapper(
          new YAMLFactory()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .disable(YAMLGenerator.Feature.SPLIT_LINES));

  private RuleFiles() {}

  /** {@code groups: [...]}: a rule file for Prometheus' {@code rule_files}. */
  static String rules(Map<String, AlertRules> groups) {
    return yaml(groupsNode(groups));
  }

  /** A {@code PrometheusRule} named {@code name} holding the same groups. */
  static String prometheusRule(String name, Map<String, AlertRules> groups) {
    ObjectNode root = F.objectNode();
    root.put("apiVersion", "monitoring.coreos.com/v1");
    root.put("kind", "PrometheusRule");
    ObjectNode meta = root.putObject("metadata");
    meta.put("name", name);
    meta.putObject("labels").put("app.kubernetes.io/name", "aviary");
    root.set("spec", groupsNode(groups));
    return yaml(root);
  }

  /** Group name prefix to the rules of that group. */
  private static ObjectNode groupsNode(Map<String, AlertRules> groups) {
    ObjectNode root = F.objectNode();
    ArrayNode list = root.putArray("groups");
    groups.forEach(
        (name, rules) -> {
          ObjectNode recording = list.addObject();
          recording.put("name", name + ".recording");
          ArrayNode rr = recording.putArray("rules");
          for (RecordingRule r : rules.recordings()) {
            rr.addObject().put("record", r.name()).put("expr", r.expr().promql());
          }
          ObjectNode alerting = list.addObject();
          alerting.put("name", name + ".alerts");
          ArrayNode ar = alerting.putArray("rules");
          for (AlertRule a : rules.alerts()) {
            ObjectNode n = ar.addObject();
            n.put("alert", a.name());
            n.put("expr", a.expr().promql());
            n.put("for", Expr.duration(a.duration()));
            ObjectNode labels = n.putObject("labels");
            new TreeMap<>(a.labels()).forEach(labels::put);
            ObjectNode annotations = n.putObject("annotations");
            annotations.put("summary", a.summary());
            annotations.put("description", a.description());
            annotations.put("runbook_url", a.runbookUrl());
          }
        });
    return root;
  }

  private static String yaml(ObjectNode node) {
    try {
      return YAML.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
