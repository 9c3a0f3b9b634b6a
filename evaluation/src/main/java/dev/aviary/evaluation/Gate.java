package dev.aviary.evaluation;

/**
 * One gate of a gates file.
 *
 * @param kind what is checked
 * @param metric the metric name for metric gates, the test name for tests, the latency quantile
 * @param bound the bound: a metric value, a delta, a significance level, or milliseconds
 */
public record Gate(Kind kind, String metric, double bound) {
  public enum Kind {
    MIN("min"),
    MAX("max"),
    MIN_DELTA("minDeltaVsChampion"),
    MAX_DELTA("maxDeltaVsChampion"),
    NOT_WORSE("alpha"),
    LATENCY("max");

    final String key;

    Kind(String key) {
      this.key = key;
    }
  }

  /** How the gate reads in a report, e.g. {@code auc >= 0.85} or {@code mcnemar not worse}. */
  public String describe() {
    return switch (kind) {
      case MIN -> metric + " >= " + bound;
      case MAX -> metric + " <= " + bound;
      case MIN_DELTA -> "delta " + metric + " >= " + bound;
      case MAX_DELTA -> "delta " + metric + " <= " + bound;
      case NOT_WORSE -> metric + " not worse (alpha " + bound + ")";
      case LATENCY -> metric + " <= " + bound + "ms";
    };
  }
}
