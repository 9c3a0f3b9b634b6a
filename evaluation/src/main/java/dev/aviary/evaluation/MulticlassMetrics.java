package dev.aviary.evaluation;

import java.util.LinkedHashMap;
import java.util.Map;

/** Accuracy and macro-averaged F1 of predicted classes 0..k-1, as scikit-learn defines them. */
public final class MulticlassMetrics {
  public static final java.util.List<String> NAMES = java.util.List.of("accuracy", "macroF1");

  private MulticlassMetrics() {}

  /**
   * Macro F1 averages over the classes present in the labels or the predictions; a class with no
   * true or predicted rows has F1 0, as scikit-learn's zero_division default.
   */
  public static Map<String, Double> compute(int[] labels, int[] predicted, int classes) {
    int[] tp = new int[classes];
    int[] fp = new int[classes];
    int[] fn = new int[classes];
    int correct = 0;
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] == predicted[i]) {
        correct++;
        tp[labels[i]]++;
      } else {
        fp[predicted[i]]++;
        fn[labels[i]]++;
      }
    }
    double f1Sum = 0;
    int present = 0;
    for (int c = 0; c < classes; c++) {
      if (tp[c] + fp[c] + fn[c] == 0) {
        continue;
      }
      present++;
      f1Sum += 2.0 * tp[c] / (2.0 * tp[c] + fp[c] + fn[c]);
    }
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("accuracy", (double) correct / labels.length);
    m.put("macroF1", present == 0 ? 0 : f1Sum / present);
    return m;
  }
}
