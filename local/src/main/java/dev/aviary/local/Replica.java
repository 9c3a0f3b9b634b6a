package dev.aviary.local;

import java.nio.file.Path;
import java.time.Instant;

/** Mutable state of one replica; only the {@link Supervisor} touches it, under its lock. */
final class Replica {
  enum State {
    Starting,
    Ready,
    NotReady,
    Terminating,
    BackOff
  }

  final ReplicaSpec spec;
  final String name;
  final Path log;
  ProcessHandle process;
  int port;
  State state = State.Starting;
  Instant startedAt;
  Instant live; // first successful liveness probe of the current process, null before
  Instant nextReadiness;
  Instant nextLiveness;
  boolean readinessInFlight;
  boolean livenessInFlight;
  int readinessFailures;
  int livenessFailures;
  int restarts;
  Instant restartAt;
  Instant readySince;
  Instant killAt; // terminating: SIGKILL after this
  boolean adopted;

  Replica(ReplicaSpec spec, String name, Path log) {
    this.spec = spec;
    this.name = name;
    this.log = log;
  }

  boolean ready() {
    return state == State.Ready;
  }

  long pid() {
    return process == null ? -1 : process.pid();
  }

  ReplicaView view() {
    return new ReplicaView(
        spec.deployment(),
        spec.revisionId(),
        name,
        pid(),
        port,
        state.name(),
        restarts,
        Backoff.crashLooping(restarts) && state != State.Ready,
        log.toString());
  }
}
