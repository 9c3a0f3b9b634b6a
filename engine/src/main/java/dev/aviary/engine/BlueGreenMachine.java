package dev.aviary.engine;

import dev.aviary.engine.RolloutStatus.PauseReason;
import dev.aviary.spec.Strategy;
import java.time.Instant;
import java.util.Map;

/**
 * Blue/green: the preview gets its replicas and no user traffic, pre-promotion analysis, a gate
 * (automatic, timed or manual), an atomic switch, post-promotion analysis whose failure switches
 * back while the old revision is still up.
 */
final class BlueGreenMachine {
  private BlueGreenMachine() {}

  static void advance(Work w, Plan plan, Map<String, Observations.MeasurementResult> incoming) {
    Strategy.BlueGreen bg = (Strategy.BlueGreen) plan.strategy();
    if (w.switched) {
      postPromotion(w, plan, incoming);
      return;
    }
    int previewReplicas = bg.previewReplicas() == null ? plan.replicas() : bg.previewReplicas();
    w.candidateReplicas = previewReplicas;
    int ready = w.ready(w.candidate);
    if (w.previewReadyAt == null) {
      if (ready < previewReplicas) {
        waitForReplicas(w, previewReplicas);
        return;
      }
      w.previewReadyAt = w.now;
      w.event("PreviewReady", w.candidate + " is ready for preview");
    }
    if (!w.promotedFull && !plan.prePromotion().isEmpty()) {
      AnalysisRun run =
          AnalysisRuns.evaluate(
              w, AnalysisRun.Kind.PrePromotion, -1, w.candidate, plan.prePromotion(), incoming);
      if (CanaryMachine.verdictStops(w, run, "pre-promotion analysis")) {
        return;
      }
      if (run.phase() == AnalysisPhase.Running) {
        w.message = "pre-promotion analysis running: " + run.message();
        return;
      }
    }
    if (w.pause == PauseReason.Command) {
      w.phase = Phase.Paused;
      return;
    }
    boolean open = w.promoteRequested || w.promotedFull;
    if (!open && bg.autoPromotionEnabled()) {
      if (bg.autoPromotionSeconds() == null) {
        open = true;
      } else {
        Instant at = w.previewReadyAt.plusSeconds(bg.autoPromotionSeconds());
        open = !w.now.isBefore(at);
        if (!open) {
          w.timer(at);
          w.message = "preview ready; promoting automatically at " + at;
          return;
        }
      }
    }
    if (!open) {
      w.pause = PauseReason.Step;
      w.phase = Phase.Paused;
      w.message = "preview " + w.candidate + " ready; waiting for promote";
      return;
    }
    w.candidateReplicas = Math.max(previewReplicas, plan.replicas());
    if (ready < plan.replicas()) {
      waitForReplicas(w, plan.replicas());
      return;
    }
    switchTraffic(w, bg);
    postPromotion(w, plan, incoming);
  }

  private static void switchTraffic(Work w, Strategy.BlueGreen bg) {
    w.event("Switched", "all traffic switched from " + w.stable + " to " + w.candidate);
    Revision old = w.stable;
    w.stable = w.candidate;
    w.candidate = null;
    w.pause = null;
    w.promoteRequested = false;
    w.switched = true;
    w.stepStartedAt = w.now;
    w.progressAt = w.now;
    if (old != null && !old.id().equals(w.stable.id())) {
      w.previous = old;
      w.previousScaleDownAt = w.now.plusSeconds(bg.scaleDownDelaySeconds());
    }
  }

  private static void postPromotion(
      Work w, Plan plan, Map<String, Observations.MeasurementResult> incoming) {
    if (w.pause == PauseReason.Command) {
      w.phase = Phase.Paused;
      return;
    }
    if (!w.promotedFull && !plan.postPromotion().isEmpty()) {
      AnalysisRun run =
          AnalysisRuns.evaluate(
              w, AnalysisRun.Kind.PostPromotion, -1, w.stable, plan.postPromotion(), incoming);
      if (CanaryMachine.verdictStops(w, run, "post-promotion analysis")) {
        return;
      }
      if (run.phase() == AnalysisPhase.Running) {
        w.phase = Phase.Progressing;
        w.message =
            "switched to " + w.stable + "; post-promotion analysis running: " + run.message();
        return;
      }
    }
    w.switched = false;
    w.promotedFull = false;
    w.promoteRequested = false;
    w.pause = null;
    w.phase = Phase.Healthy;
    w.message = "rollout complete: " + w.stable + " serves all traffic";
    w.event("Promoted", w.stable + " is now stable");
  }

  private static void waitForReplicas(Work w, int needed) {
    w.waitingForReplicas = true;
    w.message =
        "waiting for "
            + needed
            + " ready replicas of "
            + w.candidate
            + ", "
            + w.ready(w.candidate)
            + " ready";
  }
}
