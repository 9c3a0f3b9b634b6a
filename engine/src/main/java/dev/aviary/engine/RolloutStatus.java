package dev.aviary.engine;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything the engine remembers between calls. Backends store it as is and hand it back.
 *
 * @param observedRevision id of the spec revision last seen; a different one starts a rollout
 * @param stable the revision users get (null before the first revision exists)
 * @param candidate the revision being rolled out (canary or preview), or the aborted one
 * @param previous the old stable revision kept up after a promotion, for an instant rollback
 * @param previousScaleDownAt when {@code previous} may be scaled down
 * @param currentStep canary: index of the step in progress ({@code steps.size()} = promoting)
 * @param stepStartedAt when the current step (or blue/green stage) began
 * @param progressAt the last time the candidate made progress (for progressDeadlineSeconds)
 * @param weights user-traffic weights of the last decision
 * @param replicas replicas per revision id of the last decision
 * @param pause why the rollout waits for a human, or null
 * @param pausedAt when a pause command paused it (a timed step resumes with that time added)
 * @param aborted the candidate was aborted; stable serves, phase Degraded
 * @param promoteRequested a promote command is waiting to be applied (blue/green)
 * @param promotedFull promote --full: skip remaining steps and analysis
 * @param switched blue/green: traffic switched to the new revision, post-promotion stage
 * @param previewReadyAt blue/green: when the preview first had all its replicas ready
 * @param history every revision this deployment has had, by number
 * @param lastCommand sequence number of the last consumed command
 * @param runsStarted analysis runs started so far; numbers each run's id
 */
public record RolloutStatus(
    Phase phase,
    String message,
    String observedRevision,
    Revision stable,
    Revision candidate,
    Revision previous,
    Instant previousScaleDownAt,
    int currentStep,
    Instant stepStartedAt,
    Instant progressAt,
    Map<String, Integer> weights,
    Map<String, Integer> replicas,
    PauseReason pause,
    Instant pausedAt,
    boolean aborted,
    boolean promoteRequested,
    boolean promotedFull,
    boolean switched,
    Instant previewReadyAt,
    List<AnalysisRun> runs,
    List<Revision> history,
    List<StatusCondition> conditions,
    long lastCommand,
    long runsStarted) {

  /** Whether a retry command restarts this rollout. */
  public boolean retryable() {
    return retryable(aborted, candidate);
  }

  /** Only an aborted rollout (which still has its candidate) can be retried. */
  /**
   * The revision the deployment is heading to: the candidate while it rolls out, else the stable
   * one. After an undo this differs from the revision the spec names.
   */
  public Revision target() {
    return candidate != null && !aborted ? candidate : stable;
  }

  static boolean retryable(boolean aborted, Revision candidate) {
    return aborted && candidate != null;
  }

  public RolloutStatus {
    weights = Map.copyOf(weights);
    replicas = Map.copyOf(replicas);
    runs = List.copyOf(runs);
    history = List.copyOf(history);
    conditions = List.copyOf(conditions);
  }

  /** Why a rollout waits for a human. */
  public enum PauseReason {
    /** A pause command. */
    Command,
    /** A pause step without duration, or blue/green without auto-promotion. */
    Step,
    /** An analysis came out Inconclusive. */
    Inconclusive
  }

  /** The status of a deployment the engine has never seen. */
  public static RolloutStatus initial() {
    return new RolloutStatus(
        Phase.Progressing,
        "",
        null,
        null,
        null,
        null,
        null,
        0,
        null,
        null,
        Map.of(),
        Map.of(),
        null,
        null,
        false,
        false,
        false,
        false,
        null,
        List.of(),
        List.of(),
        List.of(),
        0,
        0);
  }

  /**
   * True while a rollout is under way: a candidate not aborted, or a blue/green switch still in
   * post-promotion analysis.
   */
  public boolean inProgress() {
    return (candidate != null && !aborted) || switched;
  }

  /** The analysis run with this id, if any. */
  public AnalysisRun run(String id) {
    return runs.stream().filter(r -> r.id().equals(id)).findFirst().orElse(null);
  }
}
