package dev.aviary.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Compares the predictions in two inference response bodies: Open Inference Protocol v2 ({@code
 * {"outputs":[{"name","datatype","shape","data"}]}}) or V1 ({@code {"predictions":[...]}}).
 *
 * <p>Class labels come from an integer, boolean or string output (or V1 integer/string items), or
 * else from the argmax of a probability row (a float output with more than one column, or a V1 list
 * of numbers). Scores are the values of the first float output (by output name). Rows are matched
 * by position.
 */
final class PredictionComparator {
  private static final ObjectMapper JSON = new ObjectMapper();

  private PredictionComparator() {}

  /** Predictions of one response: per row, a label (or null) and a score vector (or null). */
  record Predictions(List<String> labels, List<double[]> scores) {}

  /** What one comparison found; sums so that results add up across requests. */
  record Comparison(
      int rows,
      int labelRows,
      int labelAgreements,
      long scoreValues,
      double sumAbsDiff,
      double maxAbsDiff) {}

  /** Compares two bodies; empty when either is not a recognised prediction response. */
  static Optional<Comparison> compare(byte[] primary, byte[] mirror) {
    Optional<Predictions> p = extract(primary);
    Optional<Predictions> m = extract(mirror);
    if (p.isEmpty() || m.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(compare(p.get(), m.get()));
  }

  static Comparison compare(Predictions p, Predictions m) {
    int rows = Math.min(p.labels().size(), m.labels().size());
    int labelRows = 0;
    int agreements = 0;
    long values = 0;
    double sum = 0;
    double max = 0;
    for (int r = 0; r < rows; r++) {
      String pl = p.labels().get(r);
      String ml = m.labels().get(r);
      if (pl != null && ml != null) {
        labelRows++;
        if (pl.equals(ml)) {
          agreements++;
        }
      }
      double[] ps = p.scores().get(r);
      double[] ms = m.scores().get(r);
      if (ps != null && ms != null && ps.length == ms.length) {
        for (int i = 0; i < ps.length; i++) {
          double d = Math.abs(ps[i] - ms[i]);
          values++;
          sum += d;
          max = Math.max(max, d);
        }
      }
    }
    return new Comparison(rows, labelRows, agreements, values, sum, max);
  }

  static Optional<Predictions> extract(byte[] body) {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (IOException e) {
      return Optional.empty();
    }
    if (root == null || !root.isObject()) {
      return Optional.empty();
    }
    if (root.path("outputs").isArray()) {
      return oip(root.get("outputs"));
    }
    if (root.path("predictions").isArray()) {
      return v1(root.get("predictions"));
    }
    return Optional.empty();
  }

  private static Optional<Predictions> oip(JsonNode outputs) {
    List<JsonNode> sorted = new ArrayList<>();
    outputs.forEach(sorted::add);
    sorted.sort(Comparator.comparing(o -> o.path("name").asText()));
    JsonNode labelOutput = null;
    JsonNode scoreOutput = null;
    for (JsonNode o : sorted) {
      String type = o.path("datatype").asText("");
      if (!o.path("data").isArray()) {
        continue;
      }
      if (type.startsWith("FP")) {
        scoreOutput = scoreOutput == null ? o : scoreOutput;
      } else if (labelOutput == null && columns(o) == 1) {
        labelOutput = o;
      }
    }
    if (labelOutput == null && scoreOutput == null) {
      return Optional.empty();
    }
    int rows = rows(labelOutput != null ? labelOutput : scoreOutput);
    List<String> labels = new ArrayList<>(rows);
    List<double[]> scores = new ArrayList<>(rows);
    List<JsonNode> labelData = labelOutput == null ? List.of() : flatten(labelOutput.get("data"));
    List<JsonNode> scoreData = scoreOutput == null ? List.of() : flatten(scoreOutput.get("data"));
    int cols = scoreOutput == null ? 0 : columns(scoreOutput);
    for (int r = 0; r < rows; r++) {
      double[] row = null;
      if (scoreOutput != null && (r + 1) * cols <= scoreData.size()) {
        row = new double[cols];
        for (int c = 0; c < cols; c++) {
          row[c] = scoreData.get(r * cols + c).asDouble();
        }
      }
      scores.add(row);
      if (labelOutput != null) {
        labels.add(r < labelData.size() ? labelData.get(r).asText() : null);
      } else {
        labels.add(row != null && cols > 1 ? String.valueOf(argmax(row)) : null);
      }
    }
    return Optional.of(new Predictions(labels, scores));
  }

  private static Optional<Predictions> v1(JsonNode predictions) {
    List<String> labels = new ArrayList<>();
    List<double[]> scores = new ArrayList<>();
    for (JsonNode item : predictions) {
      if (item.isArray()) {
        List<JsonNode> flat = flatten(item);
        double[] row = new double[flat.size()];
        for (int i = 0; i < row.length; i++) {
          row[i] = flat.get(i).asDouble();
        }
        scores.add(row);
        labels.add(row.length > 1 ? String.valueOf(argmax(row)) : null);
      } else if (item.isIntegralNumber() || item.isTextual() || item.isBoolean()) {
        labels.add(item.asText());
        scores.add(null);
      } else if (item.isNumber()) {
        labels.add(null);
        scores.add(new double[] {item.asDouble()});
      } else {
        labels.add(null);
        scores.add(null);
      }
    }
    return Optional.of(new Predictions(labels, scores));
  }

  private static int rows(JsonNode output) {
    JsonNode shape = output.path("shape");
    if (shape.isArray() && shape.size() > 0) {
      return Math.max(0, shape.get(0).asInt());
    }
    return flatten(output.get("data")).size();
  }

  private static int columns(JsonNode output) {
    JsonNode shape = output.path("shape");
    int cols = 1;
    for (int i = 1; i < shape.size(); i++) {
      cols *= Math.max(1, shape.get(i).asInt());
    }
    return cols;
  }

  private static List<JsonNode> flatten(JsonNode data) {
    List<JsonNode> out = new ArrayList<>();
    flattenInto(data, out);
    return out;
  }

  private static void flattenInto(JsonNode n, List<JsonNode> out) {
    if (n.isArray()) {
      n.forEach(c -> flattenInto(c, out));
    } else {
      out.add(n);
    }
  }

  private static int argmax(double[] row) {
    int best = 0;
    for (int i = 1; i < row.length; i++) {
      if (row[i] > row[best]) {
        best = i;
      }
    }
    return best;
  }
}
