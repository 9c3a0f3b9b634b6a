package dev.aviary.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aviary.monitor.Baseline;
import dev.aviary.monitor.DecileBins;
import dev.aviary.monitor.FeatureBaseline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The training baseline as a JSON file ({@code aviary profile create} writes it, {@code aviary
 * serve --baseline} reads it). Format version 1, described in docs/monitoring.md; a reader refuses
 * other versions and names the field of any problem.
 */
public final class BaselineFile {
  static final String FORMAT = "aviary.dev/baseline";

  private BaselineFile() {}

  public static String toJson(Baseline b) {
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("format", FORMAT);
    n.put("version", Baseline.FORMAT_VERSION);
    n.put("rows", b.rows());
    if (b.label() != null) {
      n.put("label", b.label());
      ObjectNode labels = n.putObject("labels");
      b.labels().entrySet().stream()
          .sorted(Map.Entry.comparingByKey())
          .forEach(e -> labels.put(e.getKey(), e.getValue()));
    }
    ArrayNode features = n.putArray("features");
    for (FeatureBaseline f : b.features()) {
      ObjectNode o = features.addObject();
      o.put("name", f.name());
      o.put("kind", f.kind().id());
      o.put("count", f.count());
      o.put("missing", f.missing());
      if (f.kind() == FeatureBaseline.Kind.NUMERIC) {
        o.put("min", f.min());
        o.put("max", f.max());
        ArrayNode edges = o.putArray("bin_edges");
        for (double e : f.bins().innerEdges()) {
          edges.add(e);
        }
        ArrayNode counts = o.putArray("bin_counts");
        for (long c : f.binCounts()) {
          counts.add(c);
        }
      } else {
        ObjectNode cats = o.putObject("categories");
        long[] counts = f.binCounts();
        for (int i = 0; i < counts.length; i++) {
          cats.put(f.categories().get(i), counts[i]);
        }
      }
    }
    try {
      return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(n) + "\n";
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static void write(Baseline b, Path file) throws IOException {
    Files.writeString(file, toJson(b));
  }

  /** Reads a baseline file; a problem is an {@link IllegalArgumentException} naming the field. */
  public static Baseline read(Path file) throws IOException {
    JsonNode n;
    try {
      n = Json.MAPPER.readTree(Files.readAllBytes(file));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(file + ": not JSON: " + e.getOriginalMessage(), e);
    }
    try {
      return parse(n);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  static Baseline parse(JsonNode n) {
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException("expected a JSON object");
    }
    if (!FORMAT.equals(n.path("format").asText(null))) {
      throw new IllegalArgumentException("format: expected '" + FORMAT + "'");
    }
    if (n.path("version").asInt(-1) != Baseline.FORMAT_VERSION) {
      throw new IllegalArgumentException(
          "version: expected "
              + Baseline.FORMAT_VERSION
              + ", got "
              + n.path("version")
              + " (written by another release of aviary profile create?)");
    }
    long rows = count(n, "rows", "rows");
    String label = n.hasNonNull("label") ? n.get("label").asText() : null;
    Map<String, Long> labels = new LinkedHashMap<>();
    if (n.has("labels")) {
      n.get("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asLong()));
    }
    JsonNode fs = n.path("features");
    if (!fs.isArray() || fs.isEmpty()) {
      throw new IllegalArgumentException("features: expected a non-empty array");
    }
    List<FeatureBaseline> features = new ArrayList<>();
    for (int i = 0; i < fs.size(); i++) {
      String at = "features[" + i + "]";
      JsonNode f = fs.get(i);
      String name = f.path("name").asText("");
      if (name.isEmpty()) {
        throw new IllegalArgumentException(at + ".name: expected a non-empty string");
      }
      String kind = f.path("kind").asText("");
      long count = count(f, "count", at + ".count");
      long missing = count(f, "missing", at + ".missing");
      try {
        switch (kind) {
          case "numeric" -> {
            double[] edges = numbers(f.path("bin_edges"), at + ".bin_edges");
            double[] c = numbers(f.path("bin_counts"), at + ".bin_counts");
            long[] counts = new long[c.length];
            for (int k = 0; k < c.length; k++) {
              counts[k] = (long) c[k];
            }
            features.add(
                new FeatureBaseline(
                    name,
                    FeatureBaseline.Kind.NUMERIC,
                    count,
                    missing,
                    number(f, "min", at),
                    number(f, "max", at),
                    new DecileBins(edges),
                    List.of(),
                    counts));
          }
          case "categorical" -> {
            JsonNode cats = f.path("categories");
            if (!cats.isObject() || cats.isEmpty()) {
              throw new IllegalArgumentException(
                  at + ".categories: expected an object of category counts");
            }
            List<String> names = new ArrayList<>();
            cats.fieldNames().forEachRemaining(names::add);
            names.sort(null);
            long[] counts = names.stream().mapToLong(k -> cats.get(k).asLong()).toArray();
            features.add(
                new FeatureBaseline(
                    name,
                    FeatureBaseline.Kind.CATEGORICAL,
                    count,
                    missing,
                    Double.NaN,
                    Double.NaN,
                    null,
                    names,
                    counts));
          }
          default ->
              throw new IllegalArgumentException(
                  at + ".kind: expected 'numeric' or 'categorical', got '" + kind + "'");
        }
      } catch (IllegalArgumentException e) {
        throw e.getMessage().startsWith(at)
            ? e
            : new IllegalArgumentException(at + ": " + e.getMessage(), e);
      }
    }
    return new Baseline(rows, label, features, labels);
  }

  private static long count(JsonNode n, String field, String at) {
    JsonNode v = n.get(field);
    if (v == null || !v.canConvertToLong() || !v.isIntegralNumber() || v.asLong() < 0) {
      throw new IllegalArgumentException(at + ": expected a whole number >= 0");
    }
    return v.asLong();
  }

  private static double number(JsonNode n, String field, String at) {
    JsonNode v = n.get(field);
    if (v == null || !v.isNumber()) {
      throw new IllegalArgumentException(at + "." + field + ": expected a number");
    }
    return v.asDouble();
  }

  private static double[] numbers(JsonNode a, String at) {
    if (!a.isArray()) {
      throw new IllegalArgumentException(at + ": expected an array of numbers");
    }
    double[] out = new double[a.size()];
    for (int i = 0; i < out.length; i++) {
      if (!a.get(i).isNumber()) {
        throw new IllegalArgumentException(at + "[" + i + "]: expected a number");
      }
      out[i] = a.get(i).asDouble();
    }
    return out;
  }
}
