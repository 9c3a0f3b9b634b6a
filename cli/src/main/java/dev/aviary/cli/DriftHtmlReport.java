package dev.aviary.cli;

import dev.aviary.monitor.DatasetDrift;
import dev.aviary.monitor.DecileBins;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The HTML form of a drift comparison: one self-contained page (inline CSS and SVG, nothing
 * fetched) with each column's reference and current histograms side by side on the same scale
 * (numerical columns over the reference's decile bins).
 */
final class DriftHtmlReport {
  static final int MAX_CATEGORIES = 20;

  private record Bars(List<String> labels, double[] reference, double[] current) {}

  private final Map<String, Bars> bars = new LinkedHashMap<>();

  /**
   * Shares over the reference's decile bins, the bins PSI and Jensen-Shannon compare: about 10 % of
   * the reference in each, so the current side's departure shows at a glance even for skewed
   * columns, where equal-width bins would put nearly everything in the first bar.
   */
  void numerical(String column, double[] reference, double[] current) {
    double[] sorted = reference.clone();
    Arrays.sort(sorted);
    DecileBins bins = DecileBins.of(sorted);
    double[] edges = bins.innerEdges();
    List<String> labels = new ArrayList<>();
    for (int b = 0; b < bins.bins(); b++) {
      labels.add(
          (b == 0 ? "below " : "from ") + DriftCommand.Compare.format(edges[b == 0 ? 0 : b - 1]));
    }
    bars.put(column, new Bars(labels, shares(bins, reference), shares(bins, current)));
  }

  private static double[] shares(DecileBins bins, double[] values) {
    return bins.count(values).proportions();
  }

  /** Shares of the most frequent categories (of both sides), the rest together as "other". */
  void categorical(String column, String[] reference, String[] current) {
    Map<String, double[]> counts = new TreeMap<>();
    for (String v : reference) {
      counts.computeIfAbsent(v, k -> new double[2])[0] += 1.0 / reference.length;
    }
    for (String v : current) {
      counts.computeIfAbsent(v, k -> new double[2])[1] += 1.0 / current.length;
    }
    List<Map.Entry<String, double[]>> byShare = new ArrayList<>(counts.entrySet());
    byShare.sort(
        (a, b) ->
            Double.compare(b.getValue()[0] + b.getValue()[1], a.getValue()[0] + a.getValue()[1]));
    int shown = Math.min(byShare.size(), MAX_CATEGORIES);
    boolean other = byShare.size() > shown;
    List<String> labels = new ArrayList<>();
    double[] r = new double[shown + (other ? 1 : 0)];
    double[] c = new double[r.length];
    for (int i = 0; i < byShare.size(); i++) {
      int slot = Math.min(i, shown);
      if (i < shown) {
        labels.add(byShare.get(i).getKey());
      }
      r[slot] += byShare.get(i).getValue()[0];
      c[slot] += byShare.get(i).getValue()[1];
    }
    if (other) {
      labels.add("(other)");
    }
    bars.put(column, new Bars(labels, r, c));
  }

  String render(DatasetDrift.Result result, String referenceName, String currentName) {
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>Drift report</title><style>")
        .append("body{font-family:sans-serif;margin:2em;color:#222}")
        .append("table{border-collapse:collapse}td,th{padding:.2em .8em;text-align:left}")
        .append(".drift{color:#b00;font-weight:bold}.pair{display:flex;gap:2em}")
        .append("section{margin-top:2em;border-top:1px solid #ccc}")
        .append("</style></head><body>\n<h1>Drift report</h1>\n<p>Reference <code>")
        .append(esc(referenceName))
        .append("</code>, current <code>")
        .append(esc(currentName))
        .append("</code>.</p>\n<p class=\"")
        .append(result.datasetDrift() ? "drift" : "")
        .append("\">Data set drift: ")
        .append(result.datasetDrift() ? "yes" : "no")
        .append(
            String.format(
                Locale.ROOT,
                " (share of drifted columns %.2f, drift from %.2f;",
                result.shareDrifted(),
                result.driftShare()))
        .append(" p-values corrected: ")
        .append(result.correction().id())
        .append(").</p>\n<table><tr><th>column</th><th>type</th><th>measure</th><th>value</th>")
        .append("<th>threshold</th><th>drifted</th></tr>\n");
    result
        .columns()
        .forEach(
            (name, c) ->
                h.append("<tr><td><a href=\"#c-")
                    .append(esc(name))
                    .append("\">")
                    .append(esc(name))
                    .append("</a></td><td>")
                    .append(c.statistics().type().name().toLowerCase(Locale.ROOT))
                    .append("</td><td>")
                    .append(c.measure().id())
                    .append("</td><td>")
                    .append(
                        DriftCommand.Compare.format(
                            c.measure().isPValue() ? c.adjustedPValue() : c.value()))
                    .append("</td><td>")
                    .append(DriftCommand.Compare.format(c.threshold()))
                    .append("</td><td")
                    .append(c.drifted() ? " class=\"drift\">yes" : ">no")
                    .append("</td></tr>\n"));
    h.append("</table>\n");
    result
        .columns()
        .forEach(
            (name, c) -> {
              Bars b = bars.get(name);
              double max = 0;
              for (int i = 0; i < b.reference.length; i++) {
                max = Math.max(max, Math.max(b.reference[i], b.current[i]));
              }
              h.append("<section id=\"c-")
                  .append(esc(name))
                  .append("\"><h2>")
                  .append(esc(name))
                  .append(c.drifted() ? " <span class=\"drift\">drifted</span>" : "")
                  .append("</h2>\n<p>");
              c.statistics()
                  .values()
                  .forEach(
                      (k, v) ->
                          h.append(k)
                              .append(" ")
                              .append(DriftCommand.Compare.format(v))
                              .append("; "));
              h.append("</p>\n<div class=\"pair\">")
                  .append(
                      svg(
                          "reference (n=" + c.statistics().referenceSize() + ")",
                          b.labels,
                          b.reference,
                          max,
                          "#4a78b5"))
                  .append(
                      svg(
                          "current (n=" + c.statistics().currentSize() + ")",
                          b.labels,
                          b.current,
                          max,
                          "#d9822b"))
                  .append("</div></section>\n");
            });
    return h.append("</body></html>\n").toString();
  }

  private static String svg(
      String title, List<String> labels, double[] shares, double max, String colour) {
    int w = 420;
    int h = 220;
    int top = 24;
    int bottom = 40;
    double barWidth = (double) (w - 20) / shares.length;
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" role=\"img\">",
            w,
            h));
    s.append("<text x=\"10\" y=\"16\" font-size=\"13\">").append(esc(title)).append("</text>");
    for (int i = 0; i < shares.length; i++) {
      double height = max > 0 ? shares[i] / max * (h - top - bottom) : 0;
      double x = 10 + i * barWidth;
      s.append(
          String.format(
              Locale.ROOT,
              "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">"
                  + "<title>%s: %.2f%%</title></rect>",
              x,
              h - bottom - height,
              Math.max(1, barWidth - 2),
              height,
              colour,
              esc(labels.get(i)),
              100 * shares[i]));
      if (shares.length <= 10 || i % (shares.length / 5) == 0) {
        String label =
            labels.get(i).length() > 12 ? labels.get(i).substring(0, 11) + "…" : labels.get(i);
        s.append(
            String.format(
                Locale.ROOT,
                "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" transform=\"rotate(30 %.1f"
                    + " %d)\">%s</text>",
                x,
                h - bottom + 12,
                x,
                h - bottom + 12,
                esc(label)));
      }
    }
    return s.append("</svg>").toString();
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
