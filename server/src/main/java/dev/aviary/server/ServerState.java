package dev.aviary.server;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Readiness: every model loaded and warmed up, and not draining. */
final class ServerState {
  private final ModelRegistry registry;
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
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

  boolean ready() {
    return !draining && registry.allReady();
  }
}
