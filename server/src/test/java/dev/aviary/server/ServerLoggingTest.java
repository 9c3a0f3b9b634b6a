package dev.aviary.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ServerLoggingTest {

  private final String level = System.getProperty("aviary.log.level");
  private final String service = System.getProperty("aviary.service.name");

  @AfterEach
  void restoreProperties() {
    restore("aviary.log.level", level);
    restore("aviary.service.name", service);
  }

  @Test
  void recognisesTheJsonLogConfiguredWithTheSameLevelAndServiceName() throws Exception {
    LoggerContext ctx = jsonLog("WARN", "svc-a");

    assertThat(ServerLogging.configuredWith(ctx, "WARN", "svc-a")).isTrue();
    assertThat(ServerLogging.configuredWith(ctx, "INFO", "svc-a")).isFalse();
    assertThat(ServerLogging.configuredWith(ctx, "WARN", "svc-b")).isFalse();
    ctx.stop();
  }

  @Test
  void aContextWithoutTheJsonLogNeedsConfiguring() {
    LoggerContext ctx = new LoggerContext();
    assertThat(ServerLogging.configuredWith(ctx, "DEBUG", "aviary-server")).isFalse();
  }

  @Test
  void rejectsAnUnknownLevelNamingTheChoices() {
    assertThatThrownBy(() -> ServerLogging.configure("loud", "x"))
        .hasMessageContaining("unknown log level 'loud'")
        .hasMessageContaining("trace, debug, info, warn, error, off");
  }

  /** A fresh context configured from the server's logback.xml, as a process start does. */
  private static LoggerContext jsonLog(String level, String serviceName) throws Exception {
    System.setProperty("aviary.log.level", level);
    System.setProperty("aviary.service.name", serviceName);
    LoggerContext ctx = new LoggerContext();
    JoranConfigurator joran = new JoranConfigurator();
    joran.setContext(ctx);
    joran.doConfigure(ServerLogging.class.getResource("/logback.xml"));
    return ctx;
  }

  private static void restore(String key, String value) {
    if (value == null) {
      System.clearProperty(key);
    } else {
      System.setProperty(key, value);
    }
  }
}
