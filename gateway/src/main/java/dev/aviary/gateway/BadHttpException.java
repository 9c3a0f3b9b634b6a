package dev.aviary.gateway;

/**
 * A message the gateway will not forward: malformed (answered 400 to a client, 502 when an upstream
 * sent it) or with a body larger than allowed (413). Thrown often enough under attack that it
 * carries no stack trace.
 */
final class BadHttpException extends Exception {
  private final boolean tooLarge;

  private BadHttpException(String message, boolean tooLarge) {
    super(message, null, false, false);
    this.tooLarge = tooLarge;
  }

  static BadHttpException malformed(String message) {
    return new BadHttpException(message, false);
  }

  static BadHttpException tooLarge(String message) {
    return new BadHttpException(message, true);
  }

  boolean tooLarge() {
    return tooLarge;
  }
}
