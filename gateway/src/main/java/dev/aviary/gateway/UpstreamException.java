package dev.aviary.gateway;

/** An upstream answered something the gateway cannot pass on (not retried: it did answer). */
final class UpstreamException extends Exception {
  UpstreamException(String message) {
    super(message, null, false, false);
  }
}
