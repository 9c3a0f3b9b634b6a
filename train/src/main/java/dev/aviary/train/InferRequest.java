package dev.aviary.train;

import java.util.List;

/** An Open Inference Protocol v2 infer request for the fraud models, as JSON text. */
final class InferRequest {

  private InferRequest() {}

  /** One row per line so the file stays readable; {@code data} is flat, row-major. */
  static String json(String id, List<Transaction> rows) {
    if (rows.isEmpty()) {
      throw new IllegalArgumentException("an infer request needs at least one row");
    }
    StringBuilder b = new StringBuilder();
    b.append("{\n");
    b.append("  \"id\": \"").append(id).append("\",\n");
    b.append("  \"inputs\": [\n");
    b.append("    {\n");
    b.append("      \"name\": \"").append(OnnxModelWriter.INPUT).append("\",\n");
    b.append("      \"shape\": [").append(rows.size()).append(", ").append(Feature.count());
    b.append("],\n");
    b.append("      \"datatype\": \"FP32\",\n");
    b.append("      \"data\": [\n");
    for (int i = 0; i < rows.size(); i++) {
      float[] f = rows.get(i).features();
      b.append("        ");
      for (int j = 0; j < f.length; j++) {
        b.append(FloatText.of(f[j]));
        if (j < f.length - 1) {
          b.append(", ");
        }
      }
      b.append(i < rows.size() - 1 ? ",\n" : "\n");
    }
    b.append("      ]\n");
    b.append("    }\n");
    b.append("  ]\n");
    b.append("}\n");
    return b.toString();
  }
}
