package dev.aviary.local;

import java.nio.file.Path;
import java.time.Instant;

/** Mutable state of one replica; only the {@link Supervisor} touches it, under its lock. */
final class Replica {
  enum State {
    /** A process is up (or starting); {@link #probes} tells whether it is ready. */
    Running,
    Terminating,
    BackOff
  }

  final ReplicaSpec spec;
  final String name;
  final Path log;
  ProcessHandle process;
  int port;
  State state = State.Running;
  ProbeState probes; // of the current process; null before the first start
  int restarts;
  Instant restartAt;
  Instant killAt; // terminating: SIGKILL after this
  boolean adopted;

  Replica(ReplicaSpec spec, String name, Path log) {
    this.spec = spec;
    this.name = name;
    this.log = log;
  }

  boolean ready() {
    return state == State.Running && probes != null && probes.ready();
  }

  long pid() {
    return process == null ? -1 : process.pid();
  }

  /** Starting, Ready, NotReady, Terminating or BackOff. */
  String stateName() {
    return state == State.Running
        ? (probes == null ? ProbeState.Readiness.Starting : probes.readiness()).name()
        : state.name();
  }

  ReplicaView view() {
    return new ReplicaView(
        spec.deployment(),
        spec.revisionId(),
        name,
        pid(),
        port,
        stateName(),
        restarts,
        RestartPolicy.crashLooping(restarts) && !ready(),
        log.toString());
  }
}
