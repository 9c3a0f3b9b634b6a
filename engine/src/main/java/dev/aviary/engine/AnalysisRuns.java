package dev.aviary.engine;

import dev.aviary.spec.Metric;
import java.util.List;
import java.util.Map;

/** Starts and updates the analysis runs a strategy asks for. */
final class AnalysisRuns {
  private AnalysisRuns() {}

  /** The run of this kind/step for the revision, started now if absent, with new measurements. */
  static AnalysisRun evaluate(
      Work w,
      AnalysisRun.Kind kind,
      int step,
      Revision of,
      List<Metric> metrics,
      Map<String, Observations.MeasurementResult> incoming) {
    AnalysisRun run = w.run(kind, step, of);
    if (run == null) {
      run = AnalysisRun.start(kind, step, of.id(), w.now, ++w.runsStarted);
      w.event("AnalysisStarted", kind + " analysis of " + of + " started");
    }
    AnalysisRun updated = AnalysisEvaluator.update(run, metrics, incoming);
    if (updated.phase() != run.phase() && updated.phase().terminal()) {
      w.event(
          "AnalysisCompleted",
          kind + " analysis of " + of + ": " + updated.phase() + ", " + updated.message());
    }
    w.replace(run, updated);
    return updated;
  }
}
