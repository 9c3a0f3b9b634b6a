package dev.aviary.local;

import dev.aviary.spec.ServerSettings;
import java.time.Duration;

/**
 * How one probe runs: the spec's override where given, else the platform default.
 *
 * @param failureThreshold consecutive failures before the probe counts as failed
 */
record ProbeSettings(
    String path, Duration initialDelay, Duration period, Duration timeout, int failureThreshold) {

  static final ProbeSettings READINESS =
      new ProbeSettings("/readyz", Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1), 3);
  static final ProbeSettings LIVENESS =
      new ProbeSettings("/healthz", Duration.ZERO, Duration.ofSeconds(2), Duration.ofSeconds(2), 3);

  /** How long a replica may take to answer its liveness probe for the first time. */
  static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);

  static ProbeSettings readiness(ServerSettings server) {
    return merge(READINESS, server.probes() == null ? null : server.probes().readiness());
  }

  static ProbeSettings liveness(ServerSettings server) {
    return merge(LIVENESS, server.probes() == null ? null : server.probes().liveness());
  }

  static ProbeSettings merge(ProbeSettings d, ServerSettings.Probe p) {
    if (p == null) {
      return d;
    }
    return new ProbeSettings(
        p.path() != null ? p.path() : d.path,
        p.initialDelaySeconds() != null
            ? Duration.ofSeconds(p.initialDelaySeconds())
            : d.initialDelay,
        p.periodSeconds() != null ? Duration.ofSeconds(p.periodSeconds()) : d.period,
        p.timeoutSeconds() != null ? Duration.ofSeconds(p.timeoutSeconds()) : d.timeout,
        p.failureThreshold() != null ? p.failureThreshold() : d.failureThreshold);
  }
}
