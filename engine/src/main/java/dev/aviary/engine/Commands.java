package dev.aviary.engine;

import dev.aviary.engine.RolloutStatus.PauseReason;
import dev.aviary.spec.Strategy;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;

/** Applies operator commands not yet consumed, in sequence order. */
final class Commands {
  private Commands() {}

  static void apply(Work w, Plan plan) {
    List<Command> pending =
        w.facts.commands().stream()
            .filter(c -> c.seq() > w.lastCommand)
            .sorted(Comparator.comparingLong(Command::seq))
            .toList();
    for (Command c : pending) {
      w.lastCommand = c.seq();
      if (c instanceof Command.Promote p) {
        promote(w, plan, p.full());
      } else if (c instanceof Command.Abort) {
        if (w.inProgress()) {
          w.abort("aborted by command");
        } else {
          ignored(w, c, "nothing is in progress");
        }
      } else if (c instanceof Command.Retry) {
        if (RolloutStatus.retryable(w.aborted, w.candidate)) {
          w.startRollout(w.candidate, "retrying " + w.candidate);
        } else {
          ignored(w, c, "only an aborted rollout can be retried");
        }
      } else if (c instanceof Command.Undo u) {
        undo(w, plan, u.toRevision());
      } else if (c instanceof Command.Pause) {
        if (w.inProgress()) {
          w.pause = PauseReason.Command;
          w.pausedAt = w.now;
          w.phase = Phase.Paused;
          w.message = "paused by command";
          w.event("Paused", "paused by command");
        } else {
          ignored(w, c, "nothing is in progress");
        }
      } else if (c instanceof Command.Resume) {
        resume(w, c);
      }
    }
  }

  private static void promote(Work w, Plan plan, boolean full) {
    if (!w.inProgress()) {
      ignored(
          w,
          new Command.Promote(w.lastCommand, full),
          w.aborted ? "the rollout was aborted; use retry" : "nothing is in progress");
      return;
    }
    w.pause = null;
    w.phase = Phase.Progressing;
    if (full) {
      w.promotedFull = true;
      w.skipRuns(AnalysisRun.Kind.Step, -1);
      w.skipRuns(AnalysisRun.Kind.Background, -1);
      w.skipRuns(AnalysisRun.Kind.PrePromotion, -1);
      w.skipRuns(AnalysisRun.Kind.PostPromotion, -1);
      w.event("PromotedFull", "promote --full: remaining steps and analysis skipped");
      return;
    }
    if (plan.blueGreen()) {
      w.promoteRequested = true;
      w.skipRuns(AnalysisRun.Kind.PrePromotion, -1, false);
      w.skipRuns(AnalysisRun.Kind.PostPromotion, -1, false);
      w.event("PromoteRequested", "promote: promotion gate opened");
      return;
    }
    // Background analysis that stopped Inconclusive starts over; a human accepted the doubt.
    w.runs.removeIf(
        r -> r.kind() == AnalysisRun.Kind.Background && r.phase() == AnalysisPhase.Inconclusive);
    if (w.currentStep < plan.steps().size()) {
      CanaryMachine.next(w, "skipped by promote");
    }
  }

  private static void resume(Work w, Command c) {
    if (w.pause == PauseReason.Command || w.pause == PauseReason.Inconclusive) {
      if (w.pause == PauseReason.Inconclusive) {
        w.restartInconclusiveRuns();
      }
      if (w.pause == PauseReason.Command && w.pausedAt != null && w.stepStartedAt != null) {
        // A timed pause or shadow step continues where it stood when the command paused it.
        w.stepStartedAt = w.stepStartedAt.plus(Duration.between(w.pausedAt, w.now));
      }
      w.pause = null;
      w.phase = Phase.Progressing;
      w.progressAt = w.now;
      w.event("Resumed", "resumed");
    } else if (w.pause == PauseReason.Step) {
      ignored(w, c, "the rollout waits at a pause step; use promote");
    } else {
      ignored(w, c, "the rollout is not paused");
    }
  }

  private static void undo(Work w, Plan plan, Integer toRevision) {
    Revision target;
    if (toRevision != null) {
      target = w.revisionNumbered(toRevision);
      if (target == null) {
        ignored(w, new Command.Undo(w.lastCommand, toRevision), "no revision " + toRevision);
        return;
      }
    } else if (w.candidate != null && !w.switched) {
      target = w.stable; // in progress or aborted: the revision before the candidate's spec

    } else {
      target = w.previous != null ? w.previous : before(w, w.stable);
      if (target == null) {
        ignored(w, new Command.Undo(w.lastCommand, null), "there is no earlier revision");
        return;
      }
    }
    if (target.id().equals(w.stable.id()) && !w.switched) {
      if (w.candidate == null) {
        ignored(w, new Command.Undo(w.lastCommand, toRevision), target + " is already stable");
        return;
      }
      w.event("Undo", "undo: back to the stable " + target);
      RolloutEngine.cancelCandidate(w);
      return;
    }
    if (w.previous != null && target.id().equals(w.previous.id())) {
      fastRollback(w, plan, "undo to " + target + " within the rollback window");
      return;
    }
    if (w.switched) {
      w.switched = false;
    }
    boolean fastTrack = withinRollbackWindow(w, plan, target);
    w.startRollout(
        target,
        "undo: rolling out "
            + target
            + (fastTrack ? " within the rollback window: no steps, no analysis" : ""));
    w.promotedFull = fastTrack;
  }

  /**
   * A rollback to {@code target} skips the strategy when it is one of the {@code
   * rollbackWindow.revisions} revisions just before the stable one (by revision number).
   */
  static boolean withinRollbackWindow(Work w, Plan plan, Revision target) {
    Strategy.RollbackWindow window =
        plan.strategy() instanceof Strategy.Canary c
            ? c.rollbackWindow()
            : ((Strategy.BlueGreen) plan.strategy()).rollbackWindow();
    if (window == null || w.stable == null || target.number() >= w.stable.number()) {
      return false;
    }
    long between =
        w.history.stream()
            .filter(h -> h.number() >= target.number() && h.number() < w.stable.number())
            .count();
    return between <= window.revisions();
  }

  /** Instant switch back to the previous revision, which is still running. */
  static void fastRollback(Work w, Plan plan, String why) {
    Revision back = w.previous;
    Revision current = w.stable;
    w.stable = back;
    w.previous = current;
    // The revision just left stays up as long as after a promotion, so undoing the rollback is
    // instant too (it was scaled down at once, and an undo then found no earlier revision).
    w.previousScaleDownAt = w.now.plusSeconds(plan.scaleDownDelaySeconds());
    w.candidate = null;
    w.aborted = false;
    w.switched = false;
    w.pause = null;
    w.promoteRequested = false;
    w.promotedFull = false;
    w.runs.clear();
    w.phase = Phase.Healthy;
    w.message = why + ": " + back + " serves all traffic";
    w.event("RolledBack", w.message);
  }

  private static Revision before(Work w, Revision r) {
    return w.history.stream()
        .filter(h -> h.number() < r.number())
        .max(Comparator.comparingInt(Revision::number))
        .orElse(null);
  }

  private static void ignored(Work w, Command c, String why) {
    w.warning(
        "CommandIgnored",
        c.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT) + " ignored: " + why);
  }
}
