package dev.aviary.evaluation;

/** A gates file or an evaluation input that cannot be used; the message names what and where. */
public final class GatesException extends RuntimeException {
  public GatesException(String message) {
    super(message);
  }
}
