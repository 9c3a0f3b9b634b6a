package dev.aviary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code -o table|json|yaml} for commands that print resources. A picocli mixin. */
final class Output {
  enum Format {
    table,
    json,
    yaml
  }

  @Option(
      names = {"-o", "--output"},
      defaultValue = "table",
      description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Format format;

  /** Prints {@code json} as JSON or YAML; returns false when the table form is wanted. */
  boolean printStructured(PrintWriter out, JsonNode json) {
    try {
      switch (format) {
        case json -> out.println(json.toPrettyString());
        case yaml ->
            out.print(
                new ObjectMapper(
                        new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER))
                    .writeValueAsString(json));
        default -> {
          return false;
        }
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    out.flush();
    return true;
  }

  /** A plain text table with columns as wide as their widest cell. */
  static void table(PrintWriter out, List<String> header, List<List<String>> rows) {
    int[] w = new int[header.size()];
    for (int i = 0; i < w.length; i++) {
      w[i] = header.get(i).length();
      for (List<String> r : rows) {
        w[i] = Math.max(w[i], r.get(i).length());
      }
    }
    StringBuilder line = new StringBuilder();
    for (List<String> r : concat(header, rows)) {
      line.setLength(0);
      for (int i = 0; i < w.length; i++) {
        line.append(
            i == w.length - 1 ? r.get(i) : String.format("%-" + (w[i] + 2) + "s", r.get(i)));
      }
      out.println(line.toString().stripTrailing());
    }
    out.flush();
  }

  private static List<List<String>> concat(List<String> header, List<List<String>> rows) {
    List<List<String>> all = new java.util.ArrayList<>();
    all.add(header);
    all.addAll(rows);
    return all;
  }
}
