package dev.aviary.server;

import ch.qos.logback.classic.Logger;
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
   * Re-reads {@code logback.xml} with the given level and {@code service.name}, unless the JSON log
   * already has them: when this is the first use of logging in the process, logback reads its
   * configuration after the properties below are set, and reading it a second time would only cost
   * start-up time.
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
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx
        && !configuredWith(ctx, l, serviceName)) {
      ctx.reset();
      try {
        new ContextInitializer(ctx).autoConfig();
      } catch (JoranException e) {
        throw new IllegalStateException("cannot configure logging: " + e.getMessage(), e);
      }
    }
  }

  /** Whether the context runs our JSON log with this root level and service name. */
  static boolean configuredWith(LoggerContext ctx, String level, String serviceName) {
    Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    return root.getLevel() != null
        && root.getLevel().toString().equals(level)
        && root.getAppender("STDOUT") instanceof AsyncConsoleAppender console
        && console.getEncoder() instanceof EcsKeyValueEncoder encoder
        && serviceName.equals(encoder.serviceName());
  }
}
