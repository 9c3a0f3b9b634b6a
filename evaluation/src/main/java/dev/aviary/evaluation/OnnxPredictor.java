package dev.aviary.evaluation;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.aviary.registry.OnnxSignatures;
import dev.aviary.registry.Signature;
import dev.aviary.registry.TensorSignature;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A binary classifier in ONNX Runtime taking one FP32 tensor {@code [N, C]} of raw columns and
 * returning the positive-class probability: an output {@code [N]} or {@code [N, 1]}, or the column
 * of an {@code [N, 2]} output named by the custom metadata {@code aviary.output.positive_index} (or
 * {@code aviary.output.fraud_index}), else column 1 as scikit-learn orders classes.
 */
public final class OnnxPredictor implements AutoCloseable {
  private final String source;
  private final OrtSession session;
  private final String input;
  private final int width;
  private final List<String> columns;
  private final int positiveIndex;

  private OnnxPredictor(
      String source,
      OrtSession session,
      String input,
      int width,
      List<String> columns,
      int positiveIndex) {
    this.source = source;
    this.session = session;
    this.input = input;
    this.width = width;
    this.columns = columns;
    this.positiveIndex = positiveIndex;
  }

  public static OnnxPredictor open(String source, Path file) {
    OrtSession session = null;
    try {
      session = OrtEnvironment.getEnvironment().createSession(file.toString());
      Signature sig = OnnxSignatures.of(session);
      if (sig.inputs().size() != 1) {
        throw new GatesException(
            source + ": expected one input tensor, the model has " + sig.inputs().size());
      }
      TensorSignature in = sig.inputs().get(0);
      if (!in.kind().equals("tensor")
          || !in.datatype().equals("FP32")
          || in.shape().size() != 2
          || in.shape().get(1) < 1) {
        throw new GatesException(
            source
                + ": input '"
                + in.name()
                + "' is "
                + in.kind()
                + " "
                + in.datatype()
                + " "
                + in.shape()
                + ", expected an FP32 tensor [N, C] of CSV columns");
      }
      Map<String, String> meta = session.getMetadata().getCustomMetadata();
      String cols = meta.get("aviary.input.columns");
      List<String> columns = cols == null ? null : List.of(cols.split(","));
      String pos =
          meta.getOrDefault(
              "aviary.output.positive_index", meta.getOrDefault("aviary.output.fraud_index", "1"));
      OnnxPredictor p =
          new OnnxPredictor(
              source,
              session,
              in.name(),
              in.shape().get(1).intValue(),
              columns,
              Integer.parseInt(pos.trim()));
      session = null;
      return p;
    } catch (OrtException e) {
      throw new GatesException(source + " is not a readable ONNX model: " + e.getMessage());
    } finally {
      if (session != null) {
        try {
          session.close();
        } catch (OrtException e) {
          // already failing
        }
      }
    }
  }

  /**
   * The CSV columns this model reads, in order: the model's {@code aviary.input.columns} metadata,
   * else every column but the label.
   */
  public List<String> columns(List<String> header, String label) {
    List<String> wanted =
        columns != null ? columns : header.stream().filter(h -> !h.equals(label)).toList();
    for (String c : wanted) {
      if (!header.contains(c)) {
        throw new GatesException(source + " reads column '" + c + "', which the data lacks");
      }
    }
    if (wanted.size() != width) {
      throw new GatesException(
          source
              + " takes "
              + width
              + " columns, the data has "
              + wanted.size()
              + " besides '"
              + label
              + "': "
              + wanted);
    }
    return wanted;
  }

  /** The positive-class probability of every row. */
  public double[] predict(float[][] rows) {
    float[] flat = new float[rows.length * width];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(rows[i], 0, flat, i * width, width);
    }
    return run(flat, rows.length);
  }

  /**
   * Milliseconds of single-row inference in this process over the first {@code n} rows, after one
   * warm-up run: {latencyP50, P99}.
   */
  public Map<String, Double> latency(float[][] rows, int n) {
    int count = Math.min(n, rows.length);
    double[] ms = new double[count];
    if (count > 0) {
      run(rows[0].clone(), 1); // the first run allocates; it is not what a served request sees
    }
    for (int i = 0; i < count; i++) {
      long start = System.nanoTime();
      run(rows[i].clone(), 1);
      ms[i] = (System.nanoTime() - start) / 1e6;
    }
    Arrays.sort(ms);
    Map<String, Double> out = new java.util.LinkedHashMap<>();
    out.put("latencyP50", count == 0 ? Double.NaN : PairedBootstrap.percentile(ms, 50));
    out.put("latencyP99", count == 0 ? Double.NaN : PairedBootstrap.percentile(ms, 99));
    return out;
  }

  private double[] run(float[] flat, int n) {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OnnxTensor t =
            OnnxTensor.createTensor(env, FloatBuffer.wrap(flat), new long[] {n, width});
        OrtSession.Result r = session.run(Map.of(input, t))) {
      Object v = r.get(0).getValue();
      double[] p = new double[n];
      if (v instanceof float[][] m) {
        if (m.length > 0 && m[0].length > 2) {
          throw new GatesException(
              source
                  + ": output has "
                  + m[0].length
                  + " classes; only binary classifiers are evaluated");
        }
        for (int i = 0; i < n; i++) {
          p[i] = m[i].length == 1 ? m[i][0] : m[i][positiveIndex];
        }
      } else if (v instanceof float[] a) {
        for (int i = 0; i < n; i++) {
          p[i] = a[i];
        }
      } else {
        throw new GatesException(source + ": first output is not an FP32 probability tensor");
      }
      return p;
    } catch (OrtException e) {
      throw new GatesException(source + ": inference failed: " + e.getMessage());
    }
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      // nothing left to release
    }
  }
}
