package dev.aviary.server;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Writes infer and predict responses. Floating-point NaN and infinities in outputs (which JSON
 * cannot express as numbers) are written as the strings "NaN", "Infinity" and "-Infinity".
 */
final class ResponseEncoder {
  private ResponseEncoder() {}

  interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  static byte[] write(Body body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = Json.MAPPER.createGenerator(out)) {
      body.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** The OIP v2 infer response. */
  static byte[] infer(String modelName, String modelVersion, String id, List<Tensor> outputs) {
    return write(
        g -> {
          g.writeStartObject();
          g.writeStringField("model_name", modelName);
          g.writeStringField("model_version", modelVersion);
          if (id != null) {
            g.writeStringField("id", id);
          }
          g.writeArrayFieldStart("outputs");
          for (Tensor t : outputs) {
            g.writeStartObject();
            g.writeStringField("name", t.name());
            g.writeStringField("datatype", t.datatype().name());
            g.writeArrayFieldStart("shape");
            for (long d : t.shape()) {
              g.writeNumber(d);
            }
            g.writeEndArray();
            if (!t.classes().isEmpty()) {
              g.writeObjectFieldStart("parameters");
              g.writeArrayFieldStart("classes");
              for (Object c : t.classes()) {
                writeScalar(g, c);
              }
              g.writeEndArray();
              g.writeEndObject();
            }
            g.writeArrayFieldStart("data");
            for (int i = 0, n = t.size(); i < n; i++) {
              writeScalar(g, t.element(i));
            }
            g.writeEndArray();
            g.writeEndObject();
          }
          g.writeEndArray();
          g.writeEndObject();
        });
  }

  /**
   * The V1 predict response: one prediction per instance. With one output a prediction is that
   * output's row; with several it is an object keyed by output name. A probability map output's row
   * is an object from class label to probability.
   */
  static byte[] predict(int instances, List<Tensor> outputs) {
    return write(
        g -> {
          g.writeStartObject();
          g.writeArrayFieldStart("predictions");
          for (int r = 0; r < instances; r++) {
            if (outputs.size() == 1) {
              writeRow(g, outputs.get(0), r, instances);
            } else {
              g.writeStartObject();
              for (Tensor t : outputs) {
                g.writeFieldName(t.name());
                writeRow(g, t, r, instances);
              }
              g.writeEndObject();
            }
          }
          g.writeEndArray();
          g.writeEndObject();
        });
  }

  private static void writeRow(JsonGenerator g, Tensor t, int row, int rows) throws IOException {
    long[] shape = t.shape();
    if (shape.length == 0 || shape[0] != rows) {
      // Not batched by instance: every prediction carries the whole output.
      writeNested(g, t, shape, 0, 0);
      return;
    }
    int rowSize = (int) (Tensor.elementCount(shape) / rows);
    if (!t.classes().isEmpty()) {
      g.writeStartObject();
      for (int j = 0; j < t.classes().size(); j++) {
        g.writeFieldName(String.valueOf(t.classes().get(j)));
        writeScalar(g, t.element(row * rowSize + j));
      }
      g.writeEndObject();
      return;
    }
    writeNested(g, t, shape, 1, row * rowSize);
  }

  /** Writes dimensions {@code dim..} starting at flat element {@code offset} as nested arrays. */
  private static void writeNested(JsonGenerator g, Tensor t, long[] shape, int dim, int offset)
      throws IOException {
    if (dim == shape.length) {
      writeScalar(g, t.element(offset));
      return;
    }
    int stride = 1;
    for (int d = dim + 1; d < shape.length; d++) {
      stride *= (int) shape[d];
    }
    g.writeStartArray();
    for (int i = 0; i < shape[dim]; i++) {
      writeNested(g, t, shape, dim + 1, offset + i * stride);
    }
    g.writeEndArray();
  }

  private static void writeScalar(JsonGenerator g, Object v) throws IOException {
    if (v instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (v instanceof Float f) {
      g.writeNumber(f);
    } else if (v instanceof Double d) {
      g.writeNumber(d);
    } else if (v instanceof Long l) {
      g.writeNumber(l);
    } else if (v instanceof Integer i) {
      g.writeNumber(i);
    } else {
      g.writeString(String.valueOf(v));
    }
  }

  /** {@code {"error": message}}, with the trace id when there is one. */
  static byte[] error(String message, String traceId) {
    return write(
        g -> {
          g.writeStartObject();
          g.writeStringField("error", message);
          if (traceId != null) {
            g.writeStringField("trace_id", traceId);
          }
          g.writeEndObject();
        });
  }
}
