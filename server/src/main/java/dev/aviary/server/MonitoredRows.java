package dev.aviary.server;

import dev.aviary.monitor.Baseline;
import dev.aviary.monitor.FeatureBaseline;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the monitor reads from one inference: the input rows as the baseline's features, and the
 * label predicted for each row. Pure.
 */
final class MonitoredRows {
  private MonitoredRows() {}

  /**
   * The rows of a request, one value per baseline feature (NaN when missing). The inputs match the
   * baseline either as one numeric tensor of shape {@code [rows, features]} whose columns are the
   * features in the baseline's order, or as one numeric tensor per feature named after it, each
   * with one value per row.
   *
   * @throws IllegalArgumentException saying how the inputs differ from the baseline
   */
  static double[][] rows(Baseline baseline, List<Tensor> inputs) {
    int f = baseline.features().size();
    Map<String, Tensor> byName = new HashMap<>();
    for (Tensor t : inputs) {
      byName.put(t.name(), t);
    }
    List<Tensor> named = new ArrayList<>();
    for (FeatureBaseline fb : baseline.features()) {
      Tensor t = byName.get(fb.name());
      if (t == null) {
        break;
      }
      named.add(t);
    }
    if (named.size() == f && f > 1) {
      int rows = named.get(0).size();
      double[][] out = new double[rows][f];
      for (int j = 0; j < f; j++) {
        Tensor t = named.get(j);
        if (t.size() != rows) {
          throw new IllegalArgumentException(
              "input '"
                  + t.name()
                  + "' has "
                  + t.size()
                  + " values, input '"
                  + named.get(0).name()
                  + "' "
                  + rows);
        }
        for (int r = 0; r < rows; r++) {
          out[r][j] = number(t, r);
        }
      }
      return out;
    }
    for (Tensor t : inputs) {
      long[] shape = t.shape();
      if (shape.length == 2 && shape[1] == f) {
        int rows = (int) shape[0];
        double[][] out = new double[rows][f];
        for (int r = 0; r < rows; r++) {
          for (int j = 0; j < f; j++) {
            out[r][j] = number(t, r * f + j);
          }
        }
        return out;
      }
    }
    throw new IllegalArgumentException(
        "the inputs do not match the baseline's "
            + f
            + " features: expected one tensor of shape [rows, "
            + f
            + "] or one tensor per feature named after it");
  }

  private static double number(Tensor t, int i) {
    Object v = t.element(i);
    if (v instanceof Float x) {
      // the decimal the client sent (and the training CSV held), not the float's binary
      // neighbour, so that a value equal to a bin edge falls where the baseline put it
      return Double.parseDouble(Float.toString(x));
    }
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    if (v instanceof Boolean b) {
      return b ? 1 : 0;
    }
    throw new IllegalArgumentException(
        "input '" + t.name() + "' is " + t.datatype() + ", the baseline needs numbers");
  }

  /**
   * The label predicted for each row: from the first output of labels (one per row), else the most
   * probable class of the first output of class probabilities: the class the model names, else
   * {@code columnClasses[column]}, else the column index. Empty when the model predicts no labels.
   */
  static List<String> labels(List<Tensor> outputs, List<String> columnClasses) {
    for (Tensor t : outputs) {
      long[] s = t.shape();
      boolean labelShaped = s.length == 1 || (s.length == 2 && s[1] == 1);
      if (labelShaped && t.classes().isEmpty() && !t.datatype().isFloatingPoint()) {
        List<String> out = new ArrayList<>(t.size());
        for (int i = 0; i < t.size(); i++) {
          out.add(String.valueOf(t.element(i)));
        }
        return out;
      }
    }
    for (Tensor t : outputs) {
      if (!t.classes().isEmpty() && t.shape().length == 2) {
        int columns = (int) t.shape()[1];
        List<String> out = new ArrayList<>();
        for (int r = 0; r < t.size() / columns; r++) {
          out.add(String.valueOf(t.classes().get(ProbabilityRows.argmax(t, r))));
        }
        return out;
      }
      if (t.datatype().isFloatingPoint() && ProbabilityRows.matches(t)) {
        int columns = (int) t.shape()[1];
        List<String> out = new ArrayList<>();
        for (int r = 0; r < t.size() / columns; r++) {
          int c = ProbabilityRows.argmax(t, r);
          out.add(c < columnClasses.size() ? columnClasses.get(c) : Integer.toString(c));
        }
        return out;
      }
    }
    return List.of();
  }
}
