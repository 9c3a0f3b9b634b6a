package dev.aviary.server;

/**
 * Recognises a classifier's probability tensor: floating point, shape {@code [N, K]} with K of at
 * least 2, every row a probability distribution. Models exported from Tribuo, Keras or PyTorch with
 * a softmax head output exactly this, without a separate label output; seeing it lets the metrics
 * count predicted classes for them too.
 */
final class ProbabilityRows {

  /** How far a row's sum may be from 1 (float rounding in softmax). */
  static final double SUM_TOLERANCE = 1e-3;

  private ProbabilityRows() {}

  static boolean matches(Tensor t) {
    if (!t.datatype().isFloatingPoint() || t.shape().length != 2 || t.shape()[1] < 2) {
      return false;
    }
    int columns = (int) t.shape()[1];
    int size = t.size();
    if (size == 0 || size % columns != 0) {
      return false;
    }
    for (int row = 0; row < size; row += columns) {
      double sum = 0;
      for (int i = row; i < row + columns; i++) {
        double p = ((Number) t.element(i)).doubleValue();
        if (!(p >= 0 && p <= 1)) {
          return false;
        }
        sum += p;
      }
      if (Math.abs(sum - 1) > SUM_TOLERANCE) {
        return false;
      }
    }
    return true;
  }

  /** The column with the highest probability in the given row (the first one on ties). */
  static int argmax(Tensor t, int row) {
    int columns = (int) t.shape()[1];
    int best = 0;
    double bestValue = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < columns; c++) {
      double p = ((Number) t.element(row * columns + c)).doubleValue();
      if (p > bestValue) {
        best = c;
        bestValue = p;
      }
    }
    return best;
  }
}
