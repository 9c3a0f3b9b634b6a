package dev.aviary.server;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Readiness: the server started, every model loaded and warmed up, and not draining. */
final class ServerState {
  private final ModelRegistry registry;
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  private volatile boolean started;
  private volatile boolean draining;

  ServerState(ModelRegistry registry) {
    this.registry = registry;
  }

  ModelRegistry registry() {
    return registry;
  }

  boolean draining() {
    return draining;
  }

  void startDraining() {
    draining = true;
    changed();
  }

  /** Runs {@code listener} after anything readiness depends on may have changed. */
  void onChange(Runnable listener) {
    listeners.add(listener);
  }

  /** Call after a model version's state changed. */
  void changed() {
    listeners.forEach(Runnable::run);
  }

  /**
   * The server is fully up (ports bound, gRPC set up). Models load while it starts; readiness waits
   * for both, so whoever sees the server ready sees all of it.
   */
  void markStarted() {
    started = true;
    changed();
  }

  boolean ready() {
    return started && !draining && registry.allReady();
  }
}
