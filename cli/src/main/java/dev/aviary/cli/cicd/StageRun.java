package dev.aviary.cli.cicd;

import java.time.Duration;

/**
 * How one stage of {@code aviary pipeline run} ended.
 *
 * @param exitCode the failing command's exit status, 0 when passed or not run
 */
public record StageRun(String stage, Verdict verdict, Duration duration, int exitCode) {
  /** A stage's outcome. */
  public enum Verdict {
    PASSED,
    FAILED,
    SKIPPED,
    DRY_RUN,
    NEEDS_APPROVAL
  }
}
