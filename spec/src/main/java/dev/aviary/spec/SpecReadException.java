package dev.aviary.spec;

/** The input is not readable as YAML or JSON at all (as opposed to a readable but invalid spec). */
public final class SpecReadException extends Exception {
  private static final long serialVersionUID = 1L;

  public SpecReadException(String message, Throwable cause) {
    super(message, cause);
  }
}
