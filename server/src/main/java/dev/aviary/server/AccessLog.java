package dev.aviary.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

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
      MDC.put("http.request.method", ex.method());
      MDC.put("url.path", ex.path());
      MDC.put("http.response.status_code", Integer.toString(status));
      MDC.put("event.duration", Long.toString(nanos));
      String msg =
          ex.method() + " " + ex.path() + " " + status + " " + (nanos / 1000) / 1000.0 + "ms";
      if (quiet) {
        LOG.debug(msg);
      } else {
        LOG.info(msg);
      }
    }
  }
}
