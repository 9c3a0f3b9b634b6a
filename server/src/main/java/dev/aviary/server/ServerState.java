package dev.aviary.server;

/** Readiness: every model loaded and warmed up, and not draining. */
final class ServerState {
  private final ModelRegistry registry;
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
  }

  boolean ready() {
    return !draining && registry.allReady();
  }
}
