package dev.aviary.engine;

/** Where a rollout stands. */
public enum Phase {
  /** A new revision is being rolled out (or the first revision is starting). */
  Progressing,
  /** Waiting for a human: a pause step without duration, a pause command, an Inconclusive run. */
  Paused,
  /** The stable revision serves all traffic and nothing is in progress. */
  Healthy,
  /** A rollout was aborted or rolled back; the stable revision serves all traffic. */
  Degraded,
  /** The spec is invalid; nothing changes until it is fixed. */
  Invalid
}
