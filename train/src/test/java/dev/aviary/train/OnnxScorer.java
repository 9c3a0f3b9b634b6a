package dev.aviary.train;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Runs an exported fraud model in ONNX Runtime, the way the model server will. */
final class OnnxScorer implements AutoCloseable {

  private final OrtEnvironment env = OrtEnvironment.getEnvironment();
  private final OrtSession session;

  OnnxScorer(Path model) throws OrtException {
    this.session = env.createSession(model.toString(), new OrtSession.SessionOptions());
  }

  OnnxScorer(byte[] model) throws OrtException {
    this.session = env.createSession(model, new OrtSession.SessionOptions());
  }

  OrtSession session() {
    return session;
  }

  Map<String, String> metadata() throws OrtException {
    return session.getMetadata().getCustomMetadata();
  }

  int fraudIndex() throws OrtException {
    return Integer.parseInt(metadata().get("aviary.output.fraud_index"));
  }

  /** The model's output for a flat row-major batch of {@code rows} rows. */
  float[][] run(float[] flat, int rows) throws OrtException {
    long[] shape = {rows, flat.length / rows};
    try (OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(flat), shape);
        OrtSession.Result result = session.run(Map.of(OnnxModelWriter.INPUT, input))) {
      return (float[][]) result.get(OnnxModelWriter.OUTPUT).orElseThrow().getValue();
    }
  }

  double[] fraudProbabilities(List<Transaction> rows) throws OrtException {
    int width = Feature.count();
    float[] flat = new float[rows.size() * width];
    for (int i = 0; i < rows.size(); i++) {
      System.arraycopy(rows.get(i).features(), 0, flat, i * width, width);
    }
    float[][] out = run(flat, rows.size());
    int fraud = fraudIndex();
    double[] p = new double[rows.size()];
    for (int i = 0; i < p.length; i++) {
      p[i] = out[i][fraud];
    }
    return p;
  }

  static boolean[] labels(List<Transaction> rows) {
    boolean[] labels = new boolean[rows.size()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = rows.get(i).fraud();
    }
    return labels;
  }

  @Override
  public void close() throws OrtException {
    session.close();
  }
}
