package dev.aviary.server;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.joran.spi.JoranException;
import java.util.Locale;
import java.util.Set;
import org.slf4j.LoggerFactory;

/** Applies the log level and service name chosen on the command line to the JSON log. */
public final class ServerLogging {
  private static final Set<String> LEVELS =
      Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");

  private ServerLogging() {}

  /**
   * Re-reads {@code logback.xml} with the given level and {@code service.name}.
   *
   * @throws IllegalArgumentException for an unknown level
   */
  public static void configure(String level, String serviceName) {
    String l = level.toUpperCase(Locale.ROOT);
    if (!LEVELS.contains(l)) {
      throw new IllegalArgumentException(
          "unknown log level '" + level + "'; use one of trace, debug, info, warn, error, off");
    }
    System.setProperty("aviary.log.level", l);
    System.setProperty("aviary.service.name", serviceName);
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx) {
      ctx.reset();
      try {
        new ContextInitializer(ctx).autoConfig();
      } catch (JoranException e) {
        throw new IllegalStateException("cannot configure logging: " + e.getMessage(), e);
      }
    }
  }
}
