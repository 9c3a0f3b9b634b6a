package dev.aviary.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.aviary.durations.Durations;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * A gates file: a list of gates, or an object with {@code threshold} and {@code gates}. Every
 * problem is reported with its path; unknown keys are refused.
 *
 * <pre>
 * threshold: 0.5
 * gates:
 *   - metric: auc
 *     min: 0.85
 *   - metric: auc
 *     minDeltaVsChampion: -0.005
 *   - test: mcnemar        # fails when the candidate is significantly worse
 *     alpha: 0.05
 *   - latencyP99: 20ms
 * </pre>
 */
public record GatesFile(double threshold, List<Gate> gates) {
  public static final double DEFAULT_THRESHOLD = 0.5;
  public static final Set<String> TESTS = Set.of("mcnemar", "delong");
  public static final Set<String> LATENCIES = Set.of("latencyP50", "latencyP99");

  /**
   * The gates used when no file is given: the candidate may lose at most 0.005 AUC and 0.01 log
   * loss against the champion, and must not be significantly worse by McNemar's exact test at 5%.
   */
  public static GatesFile defaults() {
    return new GatesFile(
        DEFAULT_THRESHOLD,
        List.of(
            new Gate(Gate.Kind.MIN_DELTA, "auc", -0.005),
            new Gate(Gate.Kind.MAX_DELTA, "logLoss", 0.01),
            new Gate(Gate.Kind.NOT_WORSE, "mcnemar", 0.05)));
  }

  /** Parses YAML or JSON text; {@code metrics} are the metric names gates may name. */
  public static GatesFile parse(String source, String text, List<String> metrics) {
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(text);
    } catch (Exception e) {
      throw new GatesException(source + ": not valid YAML: " + firstLine(e.getMessage()));
    }
    List<String> problems = new ArrayList<>();
    double threshold = DEFAULT_THRESHOLD;
    JsonNode list = root;
    if (root != null && root.isObject()) {
      for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
        String k = it.next();
        if (!k.equals("threshold") && !k.equals("gates")) {
          problems.add(k + ": unknown key (expected threshold, gates)");
        }
      }
      JsonNode t = root.get("threshold");
      if (t != null) {
        if (!t.isNumber() || t.asDouble() <= 0 || t.asDouble() >= 1) {
          problems.add("threshold: expected a number between 0 and 1 (exclusive), was " + t);
        } else {
          threshold = t.asDouble();
        }
      }
      list = root.get("gates");
    }
    List<Gate> gates = new ArrayList<>();
    if (list == null || !list.isArray()) {
      problems.add("gates: expected a list of gates");
    } else {
      for (int i = 0; i < list.size(); i++) {
        Gate g = gate("gates[" + i + "]", list.get(i), metrics, problems);
        if (g != null) {
          gates.add(g);
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new GatesException(source + ": " + String.join("; ", problems));
    }
    return new GatesFile(threshold, gates);
  }

  private static Gate gate(String path, JsonNode node, List<String> metrics, List<String> out) {
    if (node == null || !node.isObject()) {
      out.add(path + ": expected an object such as {metric: auc, min: 0.85}");
      return null;
    }
    List<String> keys = new ArrayList<>();
    node.fieldNames().forEachRemaining(keys::add);
    for (String latency : LATENCIES) {
      if (node.has(latency)) {
        if (keys.size() != 1) {
          out.add(path + ": " + latency + " takes no other key");
          return null;
        }
        try {
          long ms = Durations.parse(node.get(latency).asText()).toMillis();
          return new Gate(Gate.Kind.LATENCY, latency, ms);
        } catch (RuntimeException e) {
          out.add(path + "." + latency + ": expected " + Durations.EXPECTED);
          return null;
        }
      }
    }
    if (node.has("test")) {
      String test = node.get("test").asText();
      if (!TESTS.contains(test)) {
        out.add(path + ".test: unknown test '" + test + "' (expected delong, mcnemar)");
        return null;
      }
      for (String k : keys) {
        if (!k.equals("test") && !k.equals("alpha")) {
          out.add(path + "." + k + ": unknown key (expected test, alpha)");
          return null;
        }
      }
      Double alpha = number(path + ".alpha", node.get("alpha"), 0.05, out);
      return alpha == null ? null : new Gate(Gate.Kind.NOT_WORSE, test, alpha);
    }
    if (!node.has("metric")) {
      out.add(path + ": expected metric, test, latencyP50 or latencyP99");
      return null;
    }
    String metric = node.get("metric").asText();
    if (!metrics.contains(metric)) {
      out.add(
          path
              + ".metric: unknown metric '"
              + metric
              + "' (expected "
              + String.join(", ", metrics)
              + ")");
      return null;
    }
    Gate.Kind kind = null;
    for (String k : keys) {
      if (k.equals("metric")) {
        continue;
      }
      Gate.Kind found = null;
      for (Gate.Kind c :
          List.of(Gate.Kind.MIN, Gate.Kind.MAX, Gate.Kind.MIN_DELTA, Gate.Kind.MAX_DELTA)) {
        if (c.key.equals(k)) {
          found = c;
        }
      }
      if (found == null) {
        out.add(
            path
                + "."
                + k
                + ": unknown key (expected min, max, minDeltaVsChampion, maxDeltaVsChampion)");
        return null;
      }
      if (kind != null) {
        out.add(path + ": one bound per gate; write a second gate for " + k);
        return null;
      }
      kind = found;
    }
    if (kind == null) {
      out.add(path + ": expected a bound: min, max, minDeltaVsChampion or maxDeltaVsChampion");
      return null;
    }
    Double bound = number(path + "." + kind.key, node.get(kind.key), null, out);
    return bound == null ? null : new Gate(kind, metric, bound);
  }

  private static Double number(String path, JsonNode v, Double dflt, List<String> out) {
    if (v == null) {
      return dflt;
    }
    if (!v.isNumber()) {
      out.add(path + ": expected a number, was " + v);
      return null;
    }
    return v.asDouble();
  }

  private static String firstLine(String s) {
    int nl = s == null ? -1 : s.indexOf('\n');
    return s == null ? "unknown error" : nl < 0 ? s : s.substring(0, nl);
  }
}
