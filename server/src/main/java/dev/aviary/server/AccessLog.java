package dev.aviary.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log line per HTTP request with ECS fields. Probes and metric scrapes are logged at DEBUG so
 * that a kubelet polling every few seconds does not drown the log.
 */
final class AccessLog {
  static final Logger LOG = LoggerFactory.getLogger("dev.aviary.server.access");

  private AccessLog() {}

  static void log(Exchange ex, int status, long nanos) {
    boolean quiet =
        ex.route() instanceof Route.Liveness
            || ex.route() instanceof Route.Readiness
            || ex.route() instanceof Route.Metrics;
    if (quiet ? !LOG.isDebugEnabled() : !LOG.isInfoEnabled()) {
      return;
    }
    try (var scope = ex.mdc()) {
      String msg =
          ex.method() + " " + ex.path() + " " + status + " " + (nanos / 1000) / 1000.0 + "ms";
      (quiet ? LOG.atDebug() : LOG.atInfo())
          .setMessage(msg)
          .addKeyValue("http.request.method", ex.method())
          .addKeyValue("url.path", ex.path())
          .addKeyValue("http.response.status_code", status)
          .addKeyValue("event.duration", nanos)
          .log();
    }
  }
}
