package dev.aviary.engine;

import dev.aviary.engine.Observations.MeasurementResult;
import dev.aviary.engine.RolloutStatus.PauseReason;
import dev.aviary.spec.AnalysisTemplate;
import dev.aviary.spec.Metric;
import dev.aviary.spec.ModelDeployment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rollout engine: {@code next(spec, status, observations, now) -> decision}. Pure and
 * deterministic: no I/O, no clock, the same inputs give the same decision. Backends store the
 * returned status, realise the topology, take the due measurements, and call again.
 */
public final class RolloutEngine {
  private final Map<String, AnalysisTemplate> templates;

  /** An engine that resolves template references against {@code templates} (by name). */
  public RolloutEngine(Map<String, AnalysisTemplate> templates) {
    this.templates = Map.copyOf(templates);
  }

  public Decision next(
      ModelDeployment spec, RolloutStatus status, Observations facts, Instant now) {
    Work w =
        new Work(
            status == null ? RolloutStatus.initial() : status,
            facts == null ? Observations.NONE : facts,
            now);
    Plan plan;
    try {
      plan = Plan.of(spec, templates);
    } catch (IllegalArgumentException e) {
      return invalid(w, e.getMessage());
    }
    Map<String, MeasurementResult> incoming = new LinkedHashMap<>();
    for (MeasurementResult m : w.facts.measurements()) {
      incoming.put(m.queryId(), m);
    }

    observeSpec(w, plan);
    Commands.apply(w, plan);
    if (w.inProgress()) {
      if (plan.blueGreen()) {
        BlueGreenMachine.advance(w, plan, incoming);
      } else {
        CanaryMachine.advance(w, plan, incoming);
      }
      checkProgressDeadline(w, plan);
    } else if (w.stable != null && !w.aborted) {
      if (w.ready(w.stable) >= plan.replicas()) {
        if (w.phase != Phase.Healthy) {
          w.event("Available", w.stable + " has all " + plan.replicas() + " replicas ready");
          w.message = w.stable + " serves all traffic";
        }
        w.phase = Phase.Healthy;
        w.progressAt = now;
      } else if (w.phase != Phase.Healthy) {
        w.phase = Phase.Progressing;
        w.waitingForReplicas = true;
        w.message =
            "waiting for "
                + plan.replicas()
                + " ready replicas of "
                + w.stable
                + ", "
                + w.ready(w.stable)
                + " ready";
        checkProgressDeadline(w, plan);
      }
    }
    scaleDownPrevious(w, plan);
    if (w.phase == Phase.Invalid) {
      w.phase = w.inProgress() ? Phase.Progressing : (w.aborted ? Phase.Degraded : Phase.Healthy);
    }
    Topology topology = TopologyPlanner.plan(w, plan);
    List<MetricQuery> queries = new ArrayList<>();
    if (w.inProgress() && w.pause != PauseReason.Command) {
      for (AnalysisRun run : w.runs) {
        List<Metric> metrics = metricsOf(run, plan);
        String baseline = baselineOf(run, w);
        queries.addAll(AnalysisEvaluator.due(run, metrics, baseline, now));
        w.timer(AnalysisEvaluator.nextDue(run, metrics, now));
      }
    }
    if (w.waitingForReplicas && w.progressAt != null) {
      w.timer(w.progressAt.plus(plan.progressDeadline()).plusMillis(1));
    }
    Map<String, Integer> replicas = new LinkedHashMap<>();
    topology.revisions().forEach(p -> replicas.put(p.revision().id(), p.replicas()));
    RolloutStatus out = w.toStatus(topology.weights(), replicas, conditions(w, plan));
    Instant requeue = w.timers.stream().min(Comparator.naturalOrder()).orElse(null);
    return new Decision(out, topology, queries, w.events, requeue);
  }

  private static void observeSpec(Work w, Plan plan) {
    if (plan.revisionId().equals(w.observedRevision)) {
      return;
    }
    w.observedRevision = plan.revisionId();
    Revision desired = w.remember(Revision.of(plan.spec(), 0));
    if (w.stable == null) {
      w.stable = desired;
      w.phase = Phase.Progressing;
      w.progressAt = w.now;
      w.message = "starting " + desired;
      w.event("RevisionCreated", "first revision " + desired);
      return;
    }
    if (desired.id().equals(w.stable.id())) {
      if (w.candidate != null) {
        w.event(
            "RolloutCancelled",
            "spec is back to the stable " + desired + "; " + w.candidate + " is scaled down");
        cancelCandidate(w);
      }
      return;
    }
    if (w.candidate != null && !w.aborted && desired.id().equals(w.candidate.id())) {
      return; // the spec names the revision already rolling out (as after an undo)
    }
    boolean rollbackWindow = !w.inProgress() || w.switched;
    if (w.previous != null && desired.id().equals(w.previous.id()) && rollbackWindow) {
      Commands.fastRollback(w, plan, "spec is back to " + desired + " which is still up");
      return;
    }
    if (w.switched) {
      w.switched = false; // a newer spec supersedes the post-promotion stage
    }
    boolean fastTrack = Commands.withinRollbackWindow(w, plan, desired);
    w.startRollout(
        desired,
        (w.candidate != null && !w.aborted ? "replacing " + w.candidate + " with " : "rolling out ")
            + desired
            + (fastTrack ? " within the rollback window: no steps, no analysis" : ""));
    w.promotedFull = fastTrack;
  }

  static void cancelCandidate(Work w) {
    w.candidate = null;
    w.aborted = false;
    w.pause = null;
    w.promoteRequested = false;
    w.promotedFull = false;
    w.runs.clear();
    w.currentStep = 0;
    w.phase = Phase.Healthy;
    w.message = w.stable + " serves all traffic";
  }

  private static void checkProgressDeadline(Work w, Plan plan) {
    if (!w.waitingForReplicas) {
      w.progressAt = w.now;
      return;
    }
    if (w.progressAt == null) {
      w.progressAt = w.now;
    }
    if (w.now.isAfter(w.progressAt.plus(plan.progressDeadline()))) {
      String reason =
          "ProgressDeadlineExceeded: "
              + (w.candidate != null ? w.candidate : w.stable)
              + " made no progress for "
              + plan.spec().progressDeadlineSeconds()
              + "s";
      if (w.inProgress()) {
        w.abort(reason);
      } else {
        w.phase = Phase.Degraded;
        w.message = reason;
        w.warning("ProgressDeadlineExceeded", reason);
      }
      w.waitingForReplicas = false;
    }
  }

  /**
   * The old revision goes once its delay has passed and the stable revision has all its replicas
   * ready; until then it is the fallback that keeps serving.
   */
  private static void scaleDownPrevious(Work w, Plan plan) {
    if (w.previous == null || w.switched) {
      return;
    }
    if (w.previousScaleDownAt != null && w.now.isBefore(w.previousScaleDownAt)) {
      w.timer(w.previousScaleDownAt);
      return;
    }
    if (w.ready(w.stable) < plan.replicas()) {
      return; // called again when readiness changes
    }
    w.event("ScaledDown", w.previous + " scaled down");
    w.previous = null;
    w.previousScaleDownAt = null;
  }

  private static List<Metric> metricsOf(AnalysisRun run, Plan plan) {
    return switch (run.kind()) {
      case Step -> plan.stepMetrics().getOrDefault(run.step(), List.of());
      case Background -> plan.background();
      case PrePromotion -> plan.prePromotion();
      case PostPromotion -> plan.postPromotion();
    };
  }

  private static String baselineOf(AnalysisRun run, Work w) {
    if (run.kind() == AnalysisRun.Kind.PostPromotion) {
      return w.previous == null ? null : w.previous.id();
    }
    return w.stable == null ? null : w.stable.id();
  }

  private static List<StatusCondition> conditions(Work w, Plan plan) {
    List<StatusCondition> out = new ArrayList<>();
    boolean available = w.stable != null && w.ready(w.stable) >= plan.replicas();
    out.add(
        new StatusCondition(
            "Available",
            available,
            available ? "StableReady" : "StableNotReady",
            w.stable == null
                ? "no revision yet"
                : w.ready(w.stable)
                    + "/"
                    + plan.replicas()
                    + " replicas of "
                    + w.stable
                    + " ready"));
    out.add(
        new StatusCondition(
            "Progressing",
            w.inProgress(),
            w.aborted ? "Aborted" : w.inProgress() ? "RolloutInProgress" : "Complete",
            w.message));
    out.add(
        new StatusCondition(
            "Paused",
            w.pause != null,
            w.pause == null ? "NotPaused" : w.pause.name(),
            w.pause == null ? "" : w.message));
    return out;
  }

  private static Decision invalid(Work w, String why) {
    w.phase = Phase.Invalid;
    w.message = "spec cannot be used: " + why;
    w.warning("InvalidSpec", w.message);
    List<Topology.Placement> placements = new ArrayList<>();
    w.before
        .replicas()
        .forEach(
            (id, n) -> {
              for (Revision r : w.history) {
                if (r.id().equals(id)) {
                  placements.add(new Topology.Placement(r, n));
                }
              }
            });
    Topology keep = new Topology(placements, w.before.weights(), null, List.of(), null);
    RolloutStatus out = w.toStatus(w.before.weights(), w.before.replicas(), w.before.conditions());
    return new Decision(out, keep, List.of(), w.events, null);
  }
}
