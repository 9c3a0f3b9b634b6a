package dev.aviary.engine;

import dev.aviary.engine.RolloutStatus.PauseReason;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The status being decided during one call: a mutable scratch copy of {@link RolloutStatus}, plus
 * the events and timers gathered along the way. Never escapes a call.
 */
final class Work {
  final RolloutStatus before;
  final Observations facts;
  final Instant now;

  Phase phase;
  String message;
  String observedRevision;
  Revision stable;
  Revision candidate;
  Revision previous;
  Instant previousScaleDownAt;
  int currentStep;
  Instant stepStartedAt;
  Instant progressAt;
  PauseReason pause;

  /** When a pause command took effect: a timed step does not count the time paused. */
  Instant pausedAt;

  boolean aborted;
  boolean promoteRequested;
  boolean promotedFull;
  boolean switched;
  Instant previewReadyAt;
  List<AnalysisRun> runs;
  List<Revision> history;
  long lastCommand;
  long runsStarted;

  /** Replicas the strategy wants for the candidate in this decision. */
  int candidateReplicas;

  /** The candidate is below the replicas it needs: progress deadline applies. */
  boolean waitingForReplicas;

  final List<Event> events = new ArrayList<>();
  final List<Instant> timers = new ArrayList<>();

  Work(RolloutStatus s, Observations facts, Instant now) {
    this.before = s;
    this.facts = facts;
    this.now = now;
    phase = s.phase();
    message = s.message();
    observedRevision = s.observedRevision();
    stable = s.stable();
    candidate = s.candidate();
    previous = s.previous();
    previousScaleDownAt = s.previousScaleDownAt();
    currentStep = s.currentStep();
    stepStartedAt = s.stepStartedAt();
    progressAt = s.progressAt();
    pause = s.pause();
    pausedAt = s.pausedAt();
    aborted = s.aborted();
    promoteRequested = s.promoteRequested();
    promotedFull = s.promotedFull();
    switched = s.switched();
    previewReadyAt = s.previewReadyAt();
    runs = new ArrayList<>(s.runs());
    history = new ArrayList<>(s.history());
    lastCommand = s.lastCommand();
    runsStarted = s.runsStarted();
  }

  boolean inProgress() {
    return (candidate != null && !aborted) || switched;
  }

  int ready(Revision r) {
    return r == null ? 0 : facts.ready(r.id());
  }

  void event(String reason, String text) {
    events.add(new Event(now, Event.Type.Normal, reason, text));
  }

  void warning(String reason, String text) {
    events.add(new Event(now, Event.Type.Warning, reason, text));
  }

  void timer(Instant at) {
    if (at != null && at.isAfter(now)) {
      timers.add(at);
    }
  }

  /** The revision with this id in the history, numbered, adding it if new. */
  Revision remember(Revision r) {
    for (Revision h : history) {
      if (h.id().equals(r.id())) {
        return h;
      }
    }
    int next = history.stream().mapToInt(Revision::number).max().orElse(0) + 1;
    Revision numbered = r.renumbered(next);
    history.add(numbered);
    return numbered;
  }

  Revision revisionNumbered(int n) {
    return history.stream().filter(r -> r.number() == n).findFirst().orElse(null);
  }

  /** Starts rolling out {@code r} from its first step. */
  void startRollout(Revision r, String why) {
    candidate = r;
    currentStep = 0;
    stepStartedAt = now;
    progressAt = now;
    pause = null;
    aborted = false;
    promoteRequested = false;
    promotedFull = false;
    previewReadyAt = null;
    switched = false;
    runs.clear();
    phase = Phase.Progressing;
    message = why;
    event("RolloutStarted", why);
  }

  /** Traffic back to stable; the candidate is drained, then scaled down. */
  void abort(String reason) {
    if (switched && previous != null) {
      Revision failed = stable;
      stable = previous;
      previous = null;
      previousScaleDownAt = null;
      candidate = failed;
      switched = false;
    }
    aborted = true;
    pause = null;
    promoteRequested = false;
    phase = Phase.Degraded;
    message = "rollout aborted: " + reason;
    warning("RolloutAborted", message);
  }

  AnalysisRun run(AnalysisRun.Kind kind, int step, Revision of) {
    for (AnalysisRun r : runs) {
      if (r.kind() == kind && r.step() == step && r.revisionId().equals(of.id())) {
        return r;
      }
    }
    return null;
  }

  void replace(AnalysisRun old, AnalysisRun updated) {
    int i = runs.indexOf(old);
    if (i >= 0) {
      runs.set(i, updated);
    } else {
      runs.add(updated);
    }
  }

  /** Resolves a stopped (Inconclusive) run by dropping it, so it starts afresh. */
  void restartInconclusiveRuns() {
    runs.removeIf(r -> r.phase() == AnalysisPhase.Inconclusive);
  }

  /** Marks running and inconclusive runs as skipped (a human promoted past them). */
  void skipRuns(AnalysisRun.Kind kind, int step) {
    skipRuns(kind, step, true);
  }

  /** As {@link #skipRuns(AnalysisRun.Kind, int)}; running runs only when {@code running}. */
  void skipRuns(AnalysisRun.Kind kind, int step, boolean running) {
    for (int i = 0; i < runs.size(); i++) {
      AnalysisRun r = runs.get(i);
      if (r.kind() == kind
          && (step < 0 || r.step() == step)
          && ((running && r.phase() == AnalysisPhase.Running)
              || r.phase() == AnalysisPhase.Inconclusive)) {
        runs.set(i, r.withPhase(AnalysisPhase.Skipped, "skipped by promote"));
      }
    }
  }

  RolloutStatus toStatus(
      Map<String, Integer> weights, Map<String, Integer> replicas, List<StatusCondition> cs) {
    return new RolloutStatus(
        phase,
        message,
        observedRevision,
        stable,
        candidate,
        previous,
        previousScaleDownAt,
        currentStep,
        stepStartedAt,
        progressAt,
        new LinkedHashMap<>(weights),
        new LinkedHashMap<>(replicas),
        pause,
        pause == PauseReason.Command ? pausedAt : null,
        aborted,
        promoteRequested,
        promotedFull,
        switched,
        previewReadyAt,
        runs,
        history,
        cs,
        lastCommand,
        runsStarted);
  }
}
