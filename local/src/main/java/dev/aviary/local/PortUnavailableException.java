package dev.aviary.local;

/**
 * A port of the platform could not be bound (most often: another process listens on it). Says which
 * listener it was, so that the command that started the platform can name the flag that moves it.
 */
public final class PortUnavailableException extends IllegalStateException {
  /** The platform's listeners. */
  public enum Listener {
    CONTROL_API("the control API"),
    GATEWAY("the gateway");

    private final String description;

    Listener(String description) {
      this.description = description;
    }
  }

  private final Listener listener;

  PortUnavailableException(Listener listener, String host, int port, Throwable cause) {
    super(
        listener.description + " cannot listen on " + host + ":" + port + ": " + reason(cause),
        cause);
    this.listener = listener;
  }

  public Listener listener() {
    return listener;
  }

  /** The innermost cause says what happened (e.g. "Address already in use"). */
  private static String reason(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
  }
}
