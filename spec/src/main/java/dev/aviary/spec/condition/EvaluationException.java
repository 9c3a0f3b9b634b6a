package dev.aviary.spec.condition;

/**
 * A condition that parsed but cannot be judged for these values: a type mismatch, an index out of
 * range, a missing baseline. {@link #noData()} tells an empty or NaN value apart from a mistake in
 * the condition, so that "no data" never reads as success.
 */
public final class EvaluationException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final boolean noData;

  EvaluationException(String message, boolean noData) {
    super(message);
    this.noData = noData;
  }

  public boolean noData() {
    return noData;
  }
}
