package dev.aviary.analysis;

/** A measurement could not be taken; the message says why and where. */
public final class MeasurementException extends Exception {
  private static final long serialVersionUID = 1L;

  public MeasurementException(String message) {
    super(message);
  }

  public MeasurementException(String message, Throwable cause) {
    super(message, cause);
  }
}
