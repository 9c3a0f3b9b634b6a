package dev.aviary.train;

import java.util.List;

/**
 * Per-feature standardisation {@code (x - mean) / scale}, fitted on training rows. The exported
 * models apply it inside their ONNX graph, so clients send raw feature values.
 */
record Standardizer(float[] mean, float[] scale) {

  Standardizer {
    if (mean.length != scale.length) {
      throw new IllegalArgumentException(
          "mean and scale differ in length: " + mean.length + " vs " + scale.length);
    }
    mean = mean.clone();
    scale = scale.clone();
  }

  static Standardizer fit(List<float[]> rows) {
    if (rows.isEmpty()) {
      throw new IllegalArgumentException("cannot fit a standardizer on zero rows");
    }
    int width = rows.get(0).length;
    double[] sum = new double[width];
    double[] sumSquares = new double[width];
    for (float[] row : rows) {
      for (int j = 0; j < width; j++) {
        sum[j] += row[j];
        sumSquares[j] += (double) row[j] * row[j];
      }
    }
    float[] mean = new float[width];
    float[] scale = new float[width];
    int n = rows.size();
    for (int j = 0; j < width; j++) {
      double m = sum[j] / n;
      double variance = Math.max(0.0, sumSquares[j] / n - m * m);
      mean[j] = (float) m;
      // A constant column keeps scale 1 so that it maps to 0 instead of dividing by zero.
      scale[j] = variance > 1e-12 ? (float) Math.sqrt(variance) : 1f;
    }
    return new Standardizer(mean, scale);
  }

  /** The standardised row, computed in float exactly as the ONNX Sub and Div nodes do. */
  float[] apply(float[] row) {
    float[] out = new float[row.length];
    for (int j = 0; j < row.length; j++) {
      out[j] = (row[j] - mean[j]) / scale[j];
    }
    return out;
  }

  @Override
  public float[] mean() {
    return mean.clone();
  }

  @Override
  public float[] scale() {
    return scale.clone();
  }
}
