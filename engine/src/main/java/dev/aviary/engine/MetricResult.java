package dev.aviary.engine;

import java.util.List;

/** Every measurement of one metric in a run, with the counts the limits apply to. */
public record MetricResult(
    String name,
    AnalysisPhase phase,
    boolean dryRun,
    List<Measurement> measurements,
    int successful,
    int failed,
    int inconclusive,
    int error,
    int consecutiveErrors,
    String message) {

  public MetricResult {
    measurements = List.copyOf(measurements);
  }

  static MetricResult start(String name, boolean dryRun) {
    return new MetricResult(name, AnalysisPhase.Running, dryRun, List.of(), 0, 0, 0, 0, 0, "");
  }

  /** Measurements that judged (all but Waiting). */
  public int judged() {
    return successful + failed + inconclusive + error;
  }
}
