package dev.aviary.spec.condition;

/** A condition that cannot be parsed; {@code position} is the 0-based character offset. */
public final class ConditionException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int position;

  ConditionException(String message, int position) {
    super("at position " + position + ": " + message);
    this.position = position;
  }

  public int position() {
    return position;
  }
}
