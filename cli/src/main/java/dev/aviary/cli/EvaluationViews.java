package dev.aviary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aviary.evaluation.Evaluation;
import dev.aviary.evaluation.Gate;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code aviary model evaluate}'s output: a table, JSON/YAML, and a self-contained HTML page. */
final class EvaluationViews {
  private final String candidate;
  private final String champion;
  private final String data;

  EvaluationViews(String candidate, String champion, String data) {
    this.candidate = candidate;
    this.champion = champion;
    this.data = data;
  }

  JsonNode json(Evaluation e) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("candidate", candidate);
    root.put("champion", champion);
    root.put("data", data);
    root.put("rows", e.rows());
    root.put("threshold", e.threshold());
    root.put("passed", e.passed());
    ArrayNode metrics = root.putArray("metrics");
    for (Map.Entry<String, Double> m : e.candidate().entrySet()) {
      ObjectNode o = metrics.addObject();
      o.put("metric", m.getKey());
      o.put("candidate", m.getValue());
      if (e.champion() != null) {
        o.put("champion", e.champion().get(m.getKey()));
        o.put("delta", m.getValue() - e.champion().get(m.getKey()));
        double[] ci = e.deltaInterval().get(m.getKey());
        if (ci != null) {
          o.putArray("deltaInterval95").add(ci[0]).add(ci[1]);
        }
      }
    }
    if (e.mcnemar() != null) {
      ObjectNode mc = root.putObject("mcnemar");
      mc.put("candidateOnlyCorrect", e.mcnemar().candidateOnly());
      mc.put("championOnlyCorrect", e.mcnemar().championOnly());
      mc.put("exactP", e.mcnemar().exactP());
      mc.put("continuityCorrectedP", e.mcnemar().correctedP());
      ObjectNode dl = root.putObject("delong");
      dl.put("z", e.delong().z());
      dl.put("p", e.delong().p());
    }
    ObjectNode latency = root.putObject("latencyMs");
    e.latencyMs().forEach(latency::put);
    ArrayNode gates = root.putArray("gates");
    for (Evaluation.Verdict v : e.verdicts()) {
      ObjectNode g = gates.addObject();
      g.put("gate", v.gate().describe());
      if (v.value() != null) {
        g.put("value", v.value());
      }
      g.put("verdict", verdict(v));
      if (!v.note().isEmpty()) {
        g.put("note", v.note());
      }
    }
    return root;
  }

  void table(PrintWriter out, Evaluation e) {
    out.println(
        "Candidate "
            + candidate
            + (champion == null ? ", no champion" : " vs champion " + champion)
            + " on "
            + e.rows()
            + " rows of "
            + data
            + " (threshold "
            + e.threshold()
            + ")");
    Output.table(
        out,
        List.of("METRIC", "CANDIDATE", "CHAMPION", "DELTA", "95% CI", "GATE", "VERDICT"),
        rows(e));
    out.println(summary(e));
    out.flush();
  }

  private List<List<String>> rows(Evaluation e) {
    List<List<String>> rows = new ArrayList<>();
    for (Map.Entry<String, Double> m : e.candidate().entrySet()) {
      String name = m.getKey();
      String champ = "-";
      String delta = "-";
      String ci = "-";
      if (e.champion() != null) {
        champ = num(e.champion().get(name));
        delta = signed(m.getValue() - e.champion().get(name));
        double[] i = e.deltaInterval().get(name);
        ci = i == null ? "-" : "[" + signed(i[0]) + ", " + signed(i[1]) + "]";
      }
      List<Evaluation.Verdict> gates =
          e.verdicts().stream().filter(v -> v.gate().metric().equals(name)).toList();
      rows.add(
          row(name, num(m.getValue()), champ, delta, ci, gates.isEmpty() ? null : gates.get(0)));
      for (int g = 1; g < gates.size(); g++) {
        rows.add(row("", "", "", "", "", gates.get(g)));
      }
    }
    for (Evaluation.Verdict v : e.verdicts()) {
      if (v.gate().kind() == Gate.Kind.NOT_WORSE) {
        String p = v.value() == null ? "-" : "p=" + num(v.value());
        rows.add(row(v.gate().metric(), p, "", "", "", v));
      }
    }
    for (Map.Entry<String, Double> l : e.latencyMs().entrySet()) {
      List<Evaluation.Verdict> gates =
          e.verdicts().stream().filter(v -> v.gate().metric().equals(l.getKey())).toList();
      rows.add(
          row(
              l.getKey(),
              String.format(Locale.ROOT, "%.3fms", l.getValue()),
              "-",
              "-",
              "-",
              gates.isEmpty() ? null : gates.get(0)));
    }
    return rows;
  }

  private static List<String> row(
      String metric, String cand, String champ, String delta, String ci, Evaluation.Verdict v) {
    return List.of(
        metric,
        cand,
        champ,
        delta,
        ci,
        v == null ? "" : v.gate().describe(),
        v == null ? "" : verdict(v));
  }

  static String verdict(Evaluation.Verdict v) {
    return (v.passed() ? "pass" : "FAIL") + (v.note().isEmpty() ? "" : " (" + v.note() + ")");
  }

  static String summary(Evaluation e) {
    long failed = e.verdicts().stream().filter(v -> !v.passed()).count();
    return failed == 0
        ? "PASSED: all " + e.verdicts().size() + " gates passed"
        : "FAILED: " + failed + " of " + e.verdicts().size() + " gates failed";
  }

  String html(Evaluation e) {
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>Evaluation report</title><style>")
        .append("body{font-family:sans-serif;margin:2em;color:#222}")
        .append("table{border-collapse:collapse}td,th{padding:.2em .8em;text-align:left}")
        .append(".fail{color:#b00;font-weight:bold}.pass{color:#070}")
        .append("</style></head><body>\n<h1>Evaluation report</h1>\n<p>Candidate <code>")
        .append(esc(candidate))
        .append("</code>, ")
        .append(champion == null ? "no champion" : "champion <code>" + esc(champion) + "</code>")
        .append(", ")
        .append(e.rows())
        .append(" rows of <code>")
        .append(esc(data))
        .append("</code>, threshold ")
        .append(e.threshold())
        .append(".</p>\n<p class=\"")
        .append(e.passed() ? "pass" : "fail")
        .append("\">")
        .append(esc(summary(e)))
        .append("</p>\n<table><tr>");
    for (String c :
        List.of("metric", "candidate", "champion", "delta", "95% CI", "gate", "verdict")) {
      h.append("<th>").append(c).append("</th>");
    }
    h.append("</tr>\n");
    for (List<String> r : rows(e)) {
      h.append("<tr>");
      for (int i = 0; i < r.size(); i++) {
        boolean failed = i == r.size() - 1 && r.get(i).startsWith("FAIL");
        h.append(failed ? "<td class=\"fail\">" : "<td>").append(esc(r.get(i))).append("</td>");
      }
      h.append("</tr>\n");
    }
    h.append("</table>\n<p>95% CI: paired bootstrap of candidate minus champion, 1000 resamples,")
        .append(" seed 42.</p>\n</body></html>\n");
    return h.toString();
  }

  private static String num(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }

  private static String signed(double v) {
    return String.format(Locale.ROOT, "%+.4f", v);
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
