package dev.aviary.local;

import java.util.List;

/** A request the platform refuses; nothing changed. {@code problems} are "path: message" lines. */
public final class ApplyException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final transient List<String> problems;

  public ApplyException(int status, String message, List<String> problems) {
    super(message);
    this.status = status;
    this.problems = List.copyOf(problems);
  }

  public int status() {
    return status;
  }

  public List<String> problems() {
    return problems;
  }
}
