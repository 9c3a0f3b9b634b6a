package dev.aviary.engine;

import dev.aviary.engine.RolloutStatus.PauseReason;
import dev.aviary.spec.CanaryStep;
import dev.aviary.spec.Metric;
import dev.aviary.spec.Strategy;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Steps a canary rollout forward as far as the facts allow. */
final class CanaryMachine {
  private CanaryMachine() {}

  static void advance(Work w, Plan plan, Map<String, Observations.MeasurementResult> incoming) {
    Strategy.Canary c = (Strategy.Canary) plan.strategy();
    List<CanaryStep> steps = c.steps();
    if (w.currentStep > steps.size()) {
      w.currentStep = steps.size();
    }
    w.candidateReplicas = replicasFor(plan.replicas(), maxWeight(steps, w.currentStep));
    if (!w.promotedFull && c.analysis() != null && w.currentStep >= c.analysis().startingStep()) {
      AnalysisRun run =
          AnalysisRuns.evaluate(
              w, AnalysisRun.Kind.Background, -1, w.candidate, plan.background(), incoming);
      if (verdictStops(w, run, "background analysis")) {
        return;
      }
    }
    if (w.pause != null) {
      w.phase = Phase.Paused;
      return;
    }
    for (int guard = 0; guard <= steps.size() + 1; guard++) {
      int ready = w.ready(w.candidate);
      if (w.promotedFull || w.currentStep >= steps.size()) {
        w.candidateReplicas = plan.replicas();
        if (ready < plan.replicas()) {
          waitForReplicas(w, plan.replicas());
          return;
        }
        complete(w, c.scaleDownDelaySeconds());
        return;
      }
      CanaryStep step = steps.get(w.currentStep);
      int needed =
          replicasFor(
              plan.replicas(),
              step instanceof CanaryStep.SetWeight s ? s.weight() : weightAt(steps, w.currentStep));
      w.candidateReplicas = Math.max(w.candidateReplicas, needed);
      if (ready < needed) {
        waitForReplicas(w, needed);
        return;
      }
      if (step instanceof CanaryStep.SetWeight || step instanceof CanaryStep.SetHeaderRoute) {
        next(w, describe(step));
      } else if (step instanceof CanaryStep.Pause p) {
        if (p.duration() == null) {
          w.pause = PauseReason.Step;
          w.phase = Phase.Paused;
          w.message = "paused at step " + w.currentStep + " until promoted";
          return;
        }
        Instant end = w.stepStartedAt.plus(p.duration());
        if (w.now.isBefore(end)) {
          w.timer(end);
          w.message = "pausing at step " + w.currentStep + " until " + end;
          return;
        }
        next(w, "pause of " + p.duration() + " ended");
      } else if (step instanceof CanaryStep.Shadow sh) {
        Instant end = w.stepStartedAt.plus(sh.duration());
        if (w.now.isBefore(end)) {
          w.timer(end);
          w.message = "mirroring " + sh.percent() + "% of traffic to the canary until " + end;
          return;
        }
        next(w, "shadow traffic ended");
      } else if (step instanceof CanaryStep.AnalysisStep) {
        List<Metric> metrics = plan.stepMetrics().getOrDefault(w.currentStep, List.of());
        AnalysisRun run =
            AnalysisRuns.evaluate(
                w, AnalysisRun.Kind.Step, w.currentStep, w.candidate, metrics, incoming);
        if (verdictStops(w, run, "analysis at step " + w.currentStep)) {
          return;
        }
        if (run.phase() == AnalysisPhase.Running) {
          w.message = "analysis at step " + w.currentStep + " running: " + run.message();
          return;
        }
        next(w, "analysis at step " + w.currentStep + " successful");
      }
    }
  }

  /** Applies a Failed/Error/Inconclusive verdict; true when the rollout must stop here. */
  static boolean verdictStops(Work w, AnalysisRun run, String what) {
    switch (run.phase()) {
      case Failed, Error -> {
        w.abort(what + " " + run.phase() + ": " + run.message());
        return true;
      }
      case Inconclusive -> {
        if (w.pause != PauseReason.Inconclusive) {
          w.warning("AnalysisInconclusive", what + " inconclusive: " + run.message());
        }
        w.pause = PauseReason.Inconclusive;
        w.phase = Phase.Paused;
        w.message = what + " inconclusive, waiting for promote, resume or abort: " + run.message();
        return true;
      }
      default -> {
        return false;
      }
    }
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

  static void next(Work w, String what) {
    w.skipRuns(AnalysisRun.Kind.Step, w.currentStep);
    w.event("StepCompleted", "step " + w.currentStep + ": " + what);
    w.currentStep++;
    w.stepStartedAt = w.now;
    w.progressAt = w.now;
  }

  private static void complete(Work w, int scaleDownDelaySeconds) {
    w.event("Promoted", w.candidate + " is now stable");
    w.runs.replaceAll(
        r ->
            r.kind() == AnalysisRun.Kind.Background && r.phase() == AnalysisPhase.Running
                ? r.withPhase(
                    AnalysisPhase.Successful, "rollout completed without a failed measurement")
                : r);
    Revision old = w.stable;
    w.stable = w.candidate;
    w.candidate = null;
    w.currentStep = 0;
    w.pause = null;
    w.promotedFull = false;
    w.promoteRequested = false;
    if (old != null && !old.id().equals(w.stable.id())) {
      w.previous = old;
      w.previousScaleDownAt = w.now.plusSeconds(scaleDownDelaySeconds);
    }
    w.phase = Phase.Healthy;
    w.message = "rollout complete: " + w.stable + " serves all traffic";
  }

  static String describe(CanaryStep step) {
    if (step instanceof CanaryStep.SetWeight s) {
      return "canary weight set to " + s.weight() + "%";
    }
    if (step instanceof CanaryStep.SetHeaderRoute r) {
      return r.match() == null
          ? "header route " + r.name() + " removed"
          : "header route " + r.name() + " set";
    }
    return step.getClass().getSimpleName();
  }

  /** Weight of the last setWeight step before {@code step}. */
  static int weightAt(List<CanaryStep> steps, int step) {
    int w = 0;
    for (int i = 0; i < Math.min(step, steps.size()); i++) {
      if (steps.get(i) instanceof CanaryStep.SetWeight s) {
        w = s.weight();
      }
    }
    return w;
  }

  private static int maxWeight(List<CanaryStep> steps, int step) {
    int w = 0;
    for (int i = 0; i < Math.min(step, steps.size()); i++) {
      if (steps.get(i) instanceof CanaryStep.SetWeight s) {
        w = Math.max(w, s.weight());
      }
    }
    return w;
  }

  /** Replicas a canary needs to take {@code weight} % of traffic: at least one. */
  static int replicasFor(int replicas, int weight) {
    return Math.max(1, (int) Math.ceil(replicas * weight / 100.0));
  }

  /** Header routes set by the steps before {@code step}, by name. */
  static Map<String, CanaryStep.Match> headerRoutes(List<CanaryStep> steps, int step) {
    Map<String, CanaryStep.Match> out = new LinkedHashMap<>();
    for (int i = 0; i < Math.min(step, steps.size()); i++) {
      if (steps.get(i) instanceof CanaryStep.SetHeaderRoute r) {
        if (r.match() == null) {
          out.remove(r.name());
        } else {
          out.put(r.name(), r.match());
        }
      }
    }
    return out;
  }
}
