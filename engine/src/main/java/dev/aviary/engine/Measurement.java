package dev.aviary.engine;

import dev.aviary.spec.condition.Value;
import java.time.Instant;

/**
 * One judged measurement of a metric.
 *
 * @param value what the provider returned, or null on error
 * @param reason why it was judged so, in words
 */
public record Measurement(
    int index,
    Instant at,
    Phase phase,
    Value value,
    Value baseline,
    Long sampleSize,
    String reason) {

  /** Verdict on one measurement. */
  public enum Phase {
    Successful,
    Failed,
    Inconclusive,
    Error,
    /** Too few requests to judge (below minSampleSize); does not count towards count. */
    Waiting
  }
}
