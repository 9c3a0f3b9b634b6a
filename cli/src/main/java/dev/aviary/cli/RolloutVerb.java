package dev.aviary.cli;

/**
 * The rollout commands, as data: each is one {@code aviary VERB NAME} against the embedded platform
 * and one {@code aviary --kube VERB NAME} against a cluster, both built by {@link RolloutCommand}.
 */
enum RolloutVerb {
  PROMOTE(
      "promote",
      "Finish the current step or pause (blue/green: open the promotion gate); with --full, skip"
          + " every remaining step and analysis.",
      Extra.FULL),
  ABORT(
      "abort",
      "Abort the rollout: all traffic back to stable, then the candidate is scaled down.",
      Extra.NONE),
  RETRY("retry", "Restart an aborted rollout from its first step.", Extra.NONE),
  UNDO(
      "undo",
      "Go back to the previous revision (instantly while it is still up), or to revision N.",
      Extra.TO_REVISION),
  PAUSE(
      "pause", "Hold the rollout where it is (steps do not advance, no measurements).", Extra.NONE),
  RESUME("resume", "Continue after pause, or run an Inconclusive analysis again.", Extra.NONE),
  DELETE(
      "delete",
      "Delete a deployment: its route is removed and its replicas stop gracefully.",
      Extra.NONE);

  /** The one option a verb may take beside NAME. */
  enum Extra {
    NONE,
    FULL,
    TO_REVISION
  }

  final String command;
  final String description;
  final Extra extra;

  RolloutVerb(String command, String description, Extra extra) {
    this.command = command;
    this.description = description;
    this.extra = extra;
  }
}
