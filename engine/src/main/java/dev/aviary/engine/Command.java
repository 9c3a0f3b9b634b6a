package dev.aviary.engine;

/**
 * An operator command. {@code seq} orders commands; the engine consumes each once and records the
 * last consumed number in {@link RolloutStatus#lastCommand()}.
 */
public sealed interface Command {
  long seq();

  /** Finish the current pause or step; with {@code full}, skip all remaining steps and analysis. */
  record Promote(long seq, boolean full) implements Command {}

  /** Move all traffic back to stable, then scale the new revision down; phase Degraded. */
  record Abort(long seq) implements Command {}

  /** Restart an aborted rollout from its first step. */
  record Retry(long seq) implements Command {}

  /**
   * Go back to a previous revision (by number; null = the one before the stable one). Within the
   * rollback window (old revision still up) this is an instant switch without steps.
   */
  record Undo(long seq, Integer toRevision) implements Command {}

  /** Hold the rollout where it is. */
  record Pause(long seq) implements Command {}

  /** Lift a pause command; after an Inconclusive analysis, run the analysis again. */
  record Resume(long seq) implements Command {}
}
