package dev.aviary.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aviary.monitor.ColumnMeasure;
import dev.aviary.monitor.ColumnStatistics;
import dev.aviary.monitor.ColumnType;
import dev.aviary.monitor.DatasetDrift;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code aviary drift compare}: drift of one data set from another, offline. */
@Command(
    name = "drift",
    description = "Compare data sets for drift (see docs/monitoring.md).",
    subcommands = DriftCommand.Compare.class)
final class DriftCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  @Command(
      name = "compare",
      mixinStandardHelpOptions = true,
      description = {
        "Compare a current CSV data set with a reference one, column by column.",
        "Exit status: 0 no data set drift, 1 data set drift, 2 error."
      })
  static final class Compare implements Callable<Integer> {
    static final int NO_DRIFT = 0;
    static final int DRIFT = 1;
    static final int ERROR = 2;

    @Spec CommandSpec spec;

    @Option(
        names = "--reference",
        required = true,
        paramLabel = "REF.csv",
        description = "The reference data set (e.g. the training data), CSV with a header row.")
    Path reference;

    @Option(
        names = "--current",
        required = true,
        paramLabel = "CUR.csv",
        description = "The data set compared with the reference, same column names.")
    Path current;

    @Option(
        names = "--columns",
        split = ",",
        paramLabel = "COL",
        description = "Columns to compare (default: every column of the reference).")
    List<String> columns = new ArrayList<>();

    @Option(
        names = "--categorical",
        split = ",",
        paramLabel = "COL",
        description =
            "Columns to treat as categories (default: a column is numerical when"
                + " every reference value is a number).")
    List<String> categorical = new ArrayList<>();

    @Option(
        names = "--measure",
        paramLabel = "COL=MEASURE",
        description =
            "Deciding measure of a column: ks, wasserstein_normed, psi, js (numerical);"
                + " chi2_gof, chi2_contingency, psi, js (categorical).")
    Map<String, String> measures = new LinkedHashMap<>();

    @Option(
        names = "--threshold",
        paramLabel = "COL=VALUE",
        description =
            "Threshold of a column's measure (default: p < 0.05 for tests, 0.1 for"
                + " distances).")
    Map<String, Double> thresholds = new LinkedHashMap<>();

    @Option(
        names = "--correction",
        defaultValue = "benjamini-hochberg",
        description =
            "Correction of p-values across columns: none, bonferroni,"
                + " benjamini-hochberg (default).")
    String correction;

    @Option(
        names = "--drift-share",
        defaultValue = "0.5",
        description = "Share of drifted columns from which the data set drifted (default 0.5).")
    double driftShare;

    @Option(
        names = "--report",
        paramLabel = "FILE",
        description = "Also write an HTML report with each column's histograms.")
    Path report;

    @Mixin Output output;

    /** The HTML report, when {@code --report} asked for one; written after the comparison. */
    private String html;

    @Override
    public Integer call() {
      PrintWriter err = spec.commandLine().getErr();
      try {
        DatasetDrift.Result result = compare();
        print(result, spec.commandLine().getOut());
        if (report != null) {
          Files.writeString(report, html, StandardCharsets.UTF_8);
        }
        return result.datasetDrift() ? DRIFT : NO_DRIFT;
      } catch (IllegalArgumentException e) {
        err.println("drift compare: " + e.getMessage());
        return ERROR;
      } catch (IOException e) {
        err.println("drift compare: cannot read or write " + e.getMessage());
        return ERROR;
      } finally {
        err.flush();
      }
    }

    DatasetDrift.Result compare() throws IOException {
      CsvTable ref = CsvTable.read(reference);
      CsvTable cur = CsvTable.read(current);
      List<String> names = columns.isEmpty() ? ref.header() : columns;
      for (String c : names) {
        requireColumn(ref, c, "--columns");
        requireColumn(cur, c, "the reference's columns");
      }
      for (String c : categorical) {
        if (!names.contains(c)) {
          throw new IllegalArgumentException(
              "--categorical: '" + c + "' is not among the compared columns " + names);
        }
      }
      Map<String, DatasetDrift.Override> overrides = overrides();
      Map<String, ColumnStatistics> stats = new LinkedHashMap<>();
      DriftHtmlReport htmlReport = report == null ? null : new DriftHtmlReport();
      for (String c : names) {
        int ri = ref.header().indexOf(c);
        int ci = cur.header().indexOf(c);
        boolean isCategorical = categorical.contains(c) || !allNumbers(ref, ri);
        if (isCategorical) {
          String[] r = strings(ref, ri, c);
          String[] k = strings(cur, ci, c);
          stats.put(c, ColumnStatistics.categorical(r, k));
          if (htmlReport != null) {
            htmlReport.categorical(c, r, k);
          }
        } else {
          double[] r = numbers(ref, ri, c);
          double[] k = numbers(cur, ci, c);
          if (htmlReport != null) {
            htmlReport.numerical(c, r, k);
          }
          stats.put(c, ColumnStatistics.numerical(r, k));
        }
      }
      DatasetDrift.Result result =
          DatasetDrift.decide(
              stats, overrides, DatasetDrift.Correction.named(correction), driftShare);
      if (htmlReport != null) {
        html = htmlReport.render(result, reference.toString(), current.toString());
      }
      return result;
    }

    private Map<String, DatasetDrift.Override> overrides() {
      Map<String, DatasetDrift.Override> out = new LinkedHashMap<>();
      measures.forEach(
          (c, m) ->
              out.put(
                  c,
                  new DatasetDrift.Override(
                      ColumnMeasure.named(m)
                          .orElseThrow(
                              () ->
                                  new IllegalArgumentException(
                                      "--measure "
                                          + c
                                          + ": expected ks, wasserstein_normed, psi, js, chi2_gof"
                                          + " or chi2_contingency, got '"
                                          + m
                                          + "'")),
                      null)));
      thresholds.forEach(
          (c, t) -> {
            if (!(t > 0) || Double.isInfinite(t)) {
              throw new IllegalArgumentException(
                  "--threshold " + c + ": expected a number > 0, got " + t);
            }
            DatasetDrift.Override o = out.get(c);
            out.put(c, new DatasetDrift.Override(o == null ? null : o.measure(), t));
          });
      return out;
    }

    private static void requireColumn(CsvTable t, String column, String from) {
      if (!t.header().contains(column)) {
        throw new IllegalArgumentException(
            t.file() + ": no column '" + column + "' (from " + from + "); it has " + t.header());
      }
    }

    private static boolean allNumbers(CsvTable t, int column) {
      for (int r = 0; r < t.size(); r++) {
        String v = t.value(r, column);
        if (!v.isEmpty() && Double.isNaN(number(v))) {
          return false;
        }
      }
      return true;
    }

    /** Empty fields are missing values and left out. */
    private static String[] strings(CsvTable t, int column, String name) {
      List<String> out = new ArrayList<>(t.size());
      for (int r = 0; r < t.size(); r++) {
        String v = t.value(r, column);
        if (!v.isEmpty()) {
          out.add(v);
        }
      }
      return nonEmpty(out.toArray(new String[0]), t, name);
    }

    private static double[] numbers(CsvTable t, int column, String name) {
      double[] out = new double[t.size()];
      int n = 0;
      for (int r = 0; r < t.size(); r++) {
        String v = t.value(r, column);
        if (v.isEmpty()) {
          continue;
        }
        double d = number(v);
        if (Double.isNaN(d)) {
          throw new IllegalArgumentException(
              t.file()
                  + " line "
                  + t.line(r)
                  + ", column '"
                  + name
                  + "': expected a number (the column is numerical in the reference), got '"
                  + v
                  + "'");
        }
        out[n++] = d;
      }
      nonEmpty(new String[n], t, name);
      return java.util.Arrays.copyOf(out, n);
    }

    private static <T> T[] nonEmpty(T[] values, CsvTable t, String name) {
      if (values.length == 0) {
        throw new IllegalArgumentException(t.file() + ": column '" + name + "' has no values");
      }
      return values;
    }

    /** A finite decimal number, else NaN (Java's extras such as "Infinity" or "1d" are not). */
    static double number(String s) {
      String v = s.strip();
      if (v.isEmpty()) {
        return Double.NaN;
      }
      char last = v.charAt(v.length() - 1);
      if (!(last >= '0' && last <= '9' || last == '.')
          || v.indexOf('x') >= 0
          || v.indexOf('X') >= 0) {
        return Double.NaN;
      }
      try {
        double d = Double.parseDouble(v);
        return Double.isFinite(d) ? d : Double.NaN;
      } catch (NumberFormatException e) {
        return Double.NaN;
      }
    }

    private void print(DatasetDrift.Result result, PrintWriter out) {
      if (output.printStructured(out, json(result))) {
        return;
      }
      List<List<String>> rows = new ArrayList<>();
      result
          .columns()
          .forEach(
              (name, c) ->
                  rows.add(
                      List.of(
                          name,
                          type(c.statistics().type()),
                          Integer.toString(c.statistics().referenceSize()),
                          Integer.toString(c.statistics().currentSize()),
                          c.measure().id(),
                          format(c.value()),
                          c.measure().isPValue() ? format(c.adjustedPValue()) : "-",
                          format(c.threshold()),
                          c.drifted() ? "yes" : "no")));
      Output.table(
          out,
          List.of(
              "COLUMN",
              "TYPE",
              "N_REF",
              "N_CUR",
              "MEASURE",
              "VALUE",
              "P_ADJUSTED",
              "THRESHOLD",
              "DRIFTED"),
          rows);
      long drifted =
          result.columns().values().stream().filter(DatasetDrift.Column::drifted).count();
      out.printf(
          Locale.ROOT,
          "%nData set drift: %s (%d of %d columns drifted, share %.2f; drift from %.2f)."
              + " P-values corrected: %s.%n",
          result.datasetDrift() ? "yes" : "no",
          drifted,
          result.columns().size(),
          result.shareDrifted(),
          result.driftShare(),
          result.correction().id());
      out.flush();
    }

    static ObjectNode json(DatasetDrift.Result result) {
      ObjectMapper m = new ObjectMapper();
      ObjectNode root = m.createObjectNode();
      root.put("dataset_drift", result.datasetDrift());
      root.put("share_drifted", result.shareDrifted());
      root.put("drift_share", result.driftShare());
      root.put("pvalue_correction", result.correction().id());
      ObjectNode cols = root.putObject("columns");
      result
          .columns()
          .forEach(
              (name, c) -> {
                ObjectNode o = cols.putObject(name);
                o.put("type", type(c.statistics().type()));
                o.put("n_reference", c.statistics().referenceSize());
                o.put("n_current", c.statistics().currentSize());
                c.statistics().values().forEach(o::put);
                o.put("measure", c.measure().id());
                o.put("threshold", c.threshold());
                if (c.measure().isPValue()) {
                  o.put("pvalue_adjusted", c.adjustedPValue());
                }
                o.put("drifted", c.drifted());
              });
      return root;
    }

    private static String type(ColumnType t) {
      return t.name().toLowerCase(Locale.ROOT);
    }

    static String format(double v) {
      if (!Double.isFinite(v)) {
        return Double.toString(v);
      }
      if (v != 0 && Math.abs(v) < 1e-4) {
        return String.format(Locale.ROOT, "%.3e", v);
      }
      return String.format(Locale.ROOT, "%.4f", v);
    }
  }
}
