package dev.aviary.cli;

import dev.aviary.evaluation.GatesException;
import java.util.List;

/**
 * The hold-out rows of {@code aviary model evaluate}, checked: the label column exists and holds 0
 * or 1 with both present, and every column a model reads is a finite number on every row.
 */
record EvaluationData(CsvTable table, int[] labels) {

  static EvaluationData read(CsvTable t, String label) {
    int col = t.header().indexOf(label);
    if (col < 0) {
      throw new GatesException(
          "--label: " + t.file() + " has no column '" + label + "' (columns: " + t.header() + ")");
    }
    if (t.size() == 0) {
      throw new GatesException("--data: " + t.file() + " has no rows");
    }
    int[] labels = new int[t.size()];
    int positives = 0;
    for (int r = 0; r < t.size(); r++) {
      String v = t.value(r, col).trim();
      if (!v.equals("0") && !v.equals("1")) {
        throw new GatesException(
            t.file()
                + " line "
                + t.line(r)
                + ": label '"
                + label
                + "' is '"
                + v
                + "', expected 0 or 1");
      }
      labels[r] = v.equals("1") ? 1 : 0;
      positives += labels[r];
    }
    if (positives < 2 || positives > t.size() - 2) {
      throw new GatesException(
          "--data: "
              + t.file()
              + " needs at least 2 rows of each label, has "
              + positives
              + " with '"
              + label
              + "' 1 of "
              + t.size());
    }
    return new EvaluationData(t, labels);
  }

  /** The given columns of every row as FP32, each value a finite number. */
  float[][] features(List<String> columns) {
    int[] idx = columns.stream().mapToInt(c -> table.header().indexOf(c)).toArray();
    float[][] x = new float[table.size()][idx.length];
    for (int r = 0; r < table.size(); r++) {
      for (int c = 0; c < idx.length; c++) {
        String v = table.value(r, idx[c]).trim();
        double d;
        try {
          d = Double.parseDouble(v);
        } catch (NumberFormatException e) {
          d = Double.NaN;
        }
        if (!Double.isFinite(d)) {
          throw new GatesException(
              table.file()
                  + " line "
                  + table.line(r)
                  + ": column '"
                  + columns.get(c)
                  + "' is '"
                  + v
                  + "', expected a number");
        }
        x[r][c] = (float) d;
      }
    }
    return x;
  }
}
