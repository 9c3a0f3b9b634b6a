package dev.aviary.local;

import java.time.Duration;
import java.time.Instant;

/**
 * Probe bookkeeping of one replica process: when each probe is due, consecutive failures, and what
 * a result changes (ready, not ready, live, to be restarted). Pure: the supervisor sends the probes
 * and passes the time in. A new process gets a new instance.
 */
final class ProbeState {
  enum Readiness {
    Starting,
    Ready,
    NotReady
  }

  /** What a probe result or the passing of time changed. */
  enum Change {
    NONE,
    /** First successful liveness probe of this process. */
    LIVE,
    /** Liveness failed {@code failureThreshold} times in a row: restart the process. */
    DEAD,
    BECAME_READY,
    BECAME_NOT_READY,
    /** No successful liveness probe within the startup timeout: restart the process. */
    STARTUP_TIMED_OUT
  }

  private final ProbeSettings readinessProbe;
  private final ProbeSettings livenessProbe;
  private final Duration startupTimeout;
  private final Instant startedAt;
  private Readiness readiness;
  private Instant live;
  private Instant readySince;
  private Instant nextReadiness;
  private Instant nextLiveness;
  private boolean readinessInFlight;
  private boolean livenessInFlight;
  private int readinessFailures;
  private int livenessFailures;

  private ProbeState(
      ProbeSettings readiness, ProbeSettings liveness, Duration startupTimeout, Instant now) {
    this.readinessProbe = readiness;
    this.livenessProbe = liveness;
    this.startupTimeout = startupTimeout;
    this.startedAt = now;
    this.readiness = Readiness.Starting;
    this.nextReadiness = now.plus(readiness.initialDelay());
    this.nextLiveness = now.plus(liveness.initialDelay());
  }

  /** A process just started: not live, not ready, first probes after their initial delays. */
  static ProbeState started(ReplicaSpec spec, Instant now) {
    return new ProbeState(spec.readiness(), spec.liveness(), ProbeSettings.STARTUP_TIMEOUT, now);
  }

  /** A process a previous platform left running, which answered its liveness probe just now. */
  static ProbeState adopted(ReplicaSpec spec, Instant now, boolean ready) {
    ProbeState p = started(spec, now);
    p.live = now;
    if (ready) {
      p.readiness = Readiness.Ready;
      p.readySince = now;
    }
    return p;
  }

  Readiness readiness() {
    return readiness;
  }

  boolean ready() {
    return readiness == Readiness.Ready;
  }

  /** When this process last became ready; kept when it turns not ready again. */
  Instant readySince() {
    return readySince;
  }

  boolean startupTimedOut(Instant now) {
    return live == null && now.isAfter(startedAt.plus(startupTimeout));
  }

  Duration startupTimeout() {
    return startupTimeout;
  }

  /** True when a liveness probe should be sent now; it is then counted as in flight. */
  boolean takeLivenessProbe(Instant now) {
    if (livenessInFlight || now.isBefore(nextLiveness)) {
      return false;
    }
    livenessInFlight = true;
    nextLiveness = now.plus(livenessProbe.period());
    return true;
  }

  /** True when a readiness probe should be sent now; it is then counted as in flight. */
  boolean takeReadinessProbe(Instant now) {
    if (readinessInFlight || now.isBefore(nextReadiness)) {
      return false;
    }
    readinessInFlight = true;
    nextReadiness = now.plus(readinessProbe.period());
    return true;
  }

  /** Records a liveness result; failures count only once the process has been live. */
  Change livenessResult(boolean ok, Instant now) {
    livenessInFlight = false;
    if (ok) {
      livenessFailures = 0;
      if (live == null) {
        live = now;
        return Change.LIVE;
      }
      return Change.NONE;
    }
    if (live != null && ++livenessFailures >= livenessProbe.failureThreshold()) {
      return Change.DEAD;
    }
    return Change.NONE;
  }

  /** Records a readiness result; a ready replica turns not ready after the failure threshold. */
  Change readinessResult(boolean ok, Instant now) {
    readinessInFlight = false;
    if (ok) {
      readinessFailures = 0;
      if (!ready()) {
        readiness = Readiness.Ready;
        readySince = now;
        return Change.BECAME_READY;
      }
      return Change.NONE;
    }
    if (ready() && ++readinessFailures >= readinessProbe.failureThreshold()) {
      readiness = Readiness.NotReady;
      return Change.BECAME_NOT_READY;
    }
    return Change.NONE;
  }

  int livenessFailures() {
    return livenessFailures;
  }

  ProbeSettings readinessProbe() {
    return readinessProbe;
  }

  ProbeSettings livenessProbe() {
    return livenessProbe;
  }
}
