package dev.aviary.registry;

import org.flywaydb.core.api.logging.Log;
import org.flywaydb.core.api.logging.LogCreator;

/**
 * Flyway's log for the registry: warnings only, on standard error. Flyway logs every migration
 * check at INFO, and through the command line's logger that went to standard output, in the middle
 * of {@code -o json}. Errors reach the caller as exceptions. Public for Flyway's reflection.
 */
public final class QuietFlywayLog implements LogCreator, Log {
  static final String NAME = QuietFlywayLog.class.getName();

  @Override
  public Log createLogger(Class<?> clazz) {
    return this;
  }

  @Override
  public void debug(String message) {}

  @Override
  public void info(String message) {}

  @Override
  public void notice(String message) {}

  @Override
  public void warn(String message) {
    System.err.println("registry migration warning: " + message);
  }

  @Override
  public void error(String message) {}

  @Override
  public void error(String message, Exception e) {}
}
