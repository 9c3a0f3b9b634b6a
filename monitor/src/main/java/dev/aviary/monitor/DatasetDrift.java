package dev.aviary.monitor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which columns drifted and whether the data set did: each column's deciding measure against its
 * threshold, p-values corrected across the columns that use a test, and the data set drifted when
 * at least {@code driftShare} of its columns did.
 */
public final class DatasetDrift {

  /** Multiple-testing correction of the p-values of the columns decided by a test. */
  public enum Correction {
    NONE("none"),
    BONFERRONI("bonferroni"),
    BENJAMINI_HOCHBERG("benjamini-hochberg");

    private final String id;

    Correction(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }

    public static Correction named(String name) {
      String n = name.toLowerCase(Locale.ROOT);
      for (Correction c : values()) {
        if (c.id.equals(n) || (c == BENJAMINI_HOCHBERG && n.equals("bh"))) {
          return c;
        }
      }
      throw new IllegalArgumentException(
          "correction: expected none, bonferroni or benjamini-hochberg (bh), got '" + name + "'");
    }
  }

  /** One column's verdict; {@code adjustedPValue} is NaN for a column decided by a distance. */
  public record Column(
      String name,
      ColumnStatistics statistics,
      ColumnMeasure measure,
      double threshold,
      double value,
      double adjustedPValue,
      boolean drifted) {}

  /** The whole comparison. */
  public record Result(
      Map<String, Column> columns,
      Correction correction,
      double driftShare,
      double shareDrifted,
      boolean datasetDrift) {}

  /** A column's measure and threshold when they are not the defaults (either may be null). */
  public record Override(ColumnMeasure measure, Double threshold) {}

  private DatasetDrift() {}

  public static Result decide(
      Map<String, ColumnStatistics> columns,
      Map<String, Override> overrides,
      Correction correction,
      double driftShare) {
    if (columns.isEmpty()) {
      throw new IllegalArgumentException("no columns to compare");
    }
    if (!(driftShare > 0 && driftShare <= 1)) {
      throw new IllegalArgumentException("drift share must be in (0, 1], got " + driftShare);
    }
    for (String name : overrides.keySet()) {
      if (!columns.containsKey(name)) {
        throw new IllegalArgumentException("override for unknown column '" + name + "'");
      }
    }
    Map<String, ColumnMeasure> measures = new LinkedHashMap<>();
    List<String> tested = new ArrayList<>();
    columns.forEach(
        (name, s) -> {
          Override o = overrides.get(name);
          ColumnMeasure m =
              o != null && o.measure() != null
                  ? o.measure()
                  : ColumnMeasure.defaultFor(s.type(), s.referenceSize());
          if (!m.appliesTo(s.type())) {
            throw new IllegalArgumentException(
                "column '"
                    + name
                    + "': measure "
                    + m.id()
                    + " does not apply to a "
                    + s.type().name().toLowerCase(Locale.ROOT)
                    + " column");
          }
          measures.put(name, m);
          if (m.isPValue()) {
            tested.add(name);
          }
        });
    Map<String, Double> adjusted = adjust(tested, columns, measures, correction);
    Map<String, Column> out = new LinkedHashMap<>();
    int drifted = 0;
    for (Map.Entry<String, ColumnStatistics> e : columns.entrySet()) {
      String name = e.getKey();
      ColumnMeasure m = measures.get(name);
      Override o = overrides.get(name);
      double threshold = o != null && o.threshold() != null ? o.threshold() : m.defaultThreshold();
      double value = e.getValue().decidingValue(m);
      double p = adjusted.getOrDefault(name, Double.NaN);
      boolean d = m.isPValue() ? p < threshold : value >= threshold;
      drifted += d ? 1 : 0;
      out.put(name, new Column(name, e.getValue(), m, threshold, value, p, d));
    }
    double share = (double) drifted / columns.size();
    return new Result(out, correction, driftShare, share, share >= driftShare);
  }

  private static Map<String, Double> adjust(
      List<String> tested,
      Map<String, ColumnStatistics> columns,
      Map<String, ColumnMeasure> measures,
      Correction correction) {
    int k = tested.size();
    Map<String, Double> raw = new LinkedHashMap<>();
    tested.forEach(n -> raw.put(n, columns.get(n).decidingValue(measures.get(n))));
    Map<String, Double> out = new LinkedHashMap<>();
    switch (correction) {
      case NONE -> out.putAll(raw);
      case BONFERRONI -> raw.forEach((n, p) -> out.put(n, Math.min(1, p * k)));
      case BENJAMINI_HOCHBERG -> {
        List<String> byP = new ArrayList<>(tested);
        byP.sort(Comparator.comparingDouble(raw::get));
        double running = 1;
        for (int i = k - 1; i >= 0; i--) {
          String n = byP.get(i);
          running = Math.min(running, raw.get(n) * k / (i + 1));
          out.put(n, Math.min(1, running));
        }
      }
    }
    return out;
  }
}
