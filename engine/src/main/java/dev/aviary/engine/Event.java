package dev.aviary.engine;

import java.time.Instant;

/** Something worth recording: a step advanced, an analysis failed, a command was ignored. */
public record Event(Instant at, Type type, String reason, String message) {
  /** Severity. */
  public enum Type {
    Normal,
    Warning
  }
}
