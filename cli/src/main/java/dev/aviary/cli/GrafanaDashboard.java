package dev.aviary.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The Grafana dashboard of Aviary's metrics. Queries use the dashboard variables {@code $model} and
 * Grafana's {@code $__rate_interval}; panels are laid out two per row.
 */
final class GrafanaDashboard {
  static final String UID = "aviary-overview";
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final String M = "model=~\"$model\"";
  private static final String W = "[$__rate_interval]";

  /** One query of a panel and the legend of its series. */
  record Query(String expr, String legend) {}

  /** A panel: its title, Grafana type, unit and queries. */
  record Panel(String title, String type, String unit, List<Query> queries) {}

  static final List<Panel> PANELS =
      List.of(
          new Panel(
              "Request rate per version",
              "timeseries",
              "reqps",
              List.of(
                  q(
                      "sum by (model, version) (rate(aviary_inference_requests_total{"
                          + M
                          + "}"
                          + W
                          + "))",
                      "{{model}} {{version}}"))),
          new Panel(
              "Error rate per version (server_error, unavailable)",
              "timeseries",
              "percentunit",
              List.of(
                  // "or ... * 0": a version without a single failure shows 0, not nothing.
                  q(
                      "(sum by (model, version) (rate(aviary_inference_requests_total{"
                          + M
                          + ", outcome=~\"server_error|unavailable\"}"
                          + W
                          + ")) or sum by (model, version) (rate(aviary_inference_requests_total{"
                          + M
                          + "}"
                          + W
                          + ")) * 0) / sum by (model, version) (rate(aviary_inference_requests_total{"
                          + M
                          + "}"
                          + W
                          + "))",
                      "{{model}} {{version}}"))),
          new Panel(
              "Latency p50 / p99 per version",
              "timeseries",
              "s",
              List.of(latency(0.5), latency(0.99))),
          new Panel(
              "Traffic share per revision (gateway)",
              "timeseries",
              "percentunit",
              List.of(
                  q(
                      "sum by (revision) (rate(aviary_gateway_requests_total"
                          + W
                          + ")) / ignoring (revision) group_left sum"
                          + " (rate(aviary_gateway_requests_total"
                          + W
                          + "))",
                      "{{revision}}"))),
          new Panel(
              "Rollout phase",
              "state-timeline",
              "none",
              List.of(
                  q(
                      "max by (deployment, phase) (aviary_rollout_phase) == 1",
                      "{{deployment}}" + " {{phase}}"))),
          new Panel(
              "Ready replicas per revision",
              "timeseries",
              "none",
              List.of(
                  q(
                      "sum by (model, version) (aviary_model_ready{" + M + "})",
                      "{{model}} {{version}}"))),
          new Panel(
              "Mean predicted probability per class and version",
              "timeseries",
              "percentunit",
              List.of(
                  q(
                      "sum by (version, output, class) (rate(aviary_prediction_probability_sum{"
                          + M
                          + "}"
                          + W
                          + ")) / sum by (version, output, class)"
                          + " (rate(aviary_prediction_probability_count{"
                          + M
                          + "}"
                          + W
                          + "))",
                      "{{version}} {{output}}={{class}}"))),
          new Panel(
              "Predicted classes per version",
              "timeseries",
              "reqps",
              List.of(
                  q(
                      "sum by (version, output, class) (rate(aviary_predictions_total{"
                          + M
                          + "}"
                          + W
                          + "))",
                      "{{version}} {{output}}={{class}}"))),
          new Panel(
              "Feature drift score per feature",
              "heatmap",
              "none",
              List.of(
                  q("max by (feature) (aviary_feature_drift_score{" + M + "})", "{{feature}}"))),
          new Panel(
              "Data set drift share",
              "timeseries",
              "percentunit",
              List.of(
                  q(
                      "max by (model, version) (aviary_dataset_drift_share{" + M + "})",
                      "{{model}} {{version}}"))),
          new Panel(
              "Data quality: missing and out-of-range values",
              "timeseries",
              "percentunit",
              List.of(
                  q(
                      "max by (feature) (aviary_feature_missing_ratio{" + M + "})",
                      "missing {{feature}}"),
                  q(
                      "max by (feature) (aviary_feature_out_of_range_ratio{" + M + "})",
                      "out of range {{feature}}"))),
          new Panel(
              "Accuracy from feedback",
              "timeseries",
              "percentunit",
              List.of(
                  q(
                      "min by (model, version) (aviary_model_accuracy{" + M + "})",
                      "{{model}} {{version}}"),
                  q(
                      "sum by (model, version) (rate(aviary_feedback_total{" + M + "}" + W + "))",
                      "feedback/s {{model}} {{version}}"))),
          new Panel(
              "Alerts firing",
              "table",
              "none",
              List.of(
                  q(
                      "count by (alertname, severity) (ALERTS{alertstate=\"firing\","
                          + " alertname=~\"Aviary.*\"})",
                      "{{alertname}}"))));

  private GrafanaDashboard() {}

  private static Query q(String expr, String legend) {
    return new Query(expr, legend);
  }

  private static Query latency(double quantile) {
    return q(
        "histogram_quantile("
            + quantile
            + ", sum by (model, version, le) (rate(aviary_inference_duration_seconds_bucket{"
            + M
            + "}"
            + W
            + ")))",
        "p" + Math.round(quantile * 100) + " {{model}} {{version}}");
  }

  static String json() {
    ObjectNode d = F.objectNode();
    d.put("uid", UID);
    d.put("title", "Aviary");
    d.putArray("tags").add("aviary");
    d.put("timezone", "browser");
    d.put("schemaVersion", 39);
    d.put("refresh", "30s");
    d.putObject("time").put("from", "now-6h").put("to", "now");
    ArrayNode vars = d.putObject("templating").putArray("list");
    ObjectNode ds = vars.addObject();
    ds.put("name", "datasource");
    ds.put("type", "datasource");
    ds.put("query", "prometheus");
    ObjectNode model = vars.addObject();
    model.put("name", "model");
    model.put("type", "query");
    model.set("datasource", datasource());
    model.put("query", "label_values(aviary_inference_requests_total, model)");
    model.put("includeAll", true);
    model.put("multi", true);
    model.put("allValue", ".*");
    model.put("refresh", 2);
    ArrayNode panels = d.putArray("panels");
    for (int i = 0; i < PANELS.size(); i++) {
      Panel p = PANELS.get(i);
      ObjectNode n = panels.addObject();
      n.put("id", i + 1);
      n.put("title", p.title());
      n.put("type", p.type());
      n.set("datasource", datasource());
      n.putObject("gridPos").put("h", 8).put("w", 12).put("x", (i % 2) * 12).put("y", (i / 2) * 8);
      n.putObject("fieldConfig").putObject("defaults").put("unit", p.unit());
      ArrayNode targets = n.putArray("targets");
      for (int j = 0; j < p.queries().size(); j++) {
        Query query = p.queries().get(j);
        ObjectNode t = targets.addObject();
        t.put("refId", String.valueOf((char) ('A' + j)));
        t.set("datasource", datasource());
        t.put("expr", query.expr());
        t.put("legendFormat", query.legend());
        if (p.type().equals("table")) {
          t.put("instant", true);
          t.put("format", "table");
        }
      }
    }
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(d)
          + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ObjectNode datasource() {
    return F.objectNode().put("type", "prometheus").put("uid", "${datasource}");
  }
}
