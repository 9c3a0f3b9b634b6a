package dev.aviary.engine;

import java.time.Instant;
import java.util.List;

/**
 * One analysis of one revision: a step analysis, the background analysis, or a blue/green pre- or
 * post-promotion analysis.
 *
 * @param step the canary step index for {@link Kind#Step}, else -1
 */
public record AnalysisRun(
    String id,
    Kind kind,
    int step,
    String revisionId,
    Instant startedAt,
    AnalysisPhase phase,
    List<MetricResult> metrics,
    String message) {

  public AnalysisRun {
    metrics = List.copyOf(metrics);
  }

  /** What the run gates. */
  public enum Kind {
    Step,
    Background,
    PrePromotion,
    PostPromotion
  }

  /** A new run; {@code serial} makes its id unique among all runs of the deployment. */
  static AnalysisRun start(Kind kind, int step, String revisionId, Instant at, long serial) {
    String id =
        revisionId
            + "-"
            + kind.name().toLowerCase(java.util.Locale.ROOT)
            + (step >= 0 ? "-" + step : "")
            + "-"
            + serial;
    return new AnalysisRun(id, kind, step, revisionId, at, AnalysisPhase.Running, List.of(), "");
  }

  AnalysisRun withPhase(AnalysisPhase p, String why) {
    return new AnalysisRun(id, kind, step, revisionId, startedAt, p, metrics, why);
  }
}
