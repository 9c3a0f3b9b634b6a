package dev.aviary.engine;

/** State of a metric within a run, and of the run as a whole. */
public enum AnalysisPhase {
  Running,
  Successful,
  Failed,
  Inconclusive,
  Error,
  /** Stopped by a promote before it finished. */
  Skipped;

  public boolean terminal() {
    return this != Running;
  }
}
