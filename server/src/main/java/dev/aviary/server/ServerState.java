package dev.aviary.server;

/** Readiness: the server started, every model loaded and warmed up, and not draining. */
final class ServerState {
  private final ModelRegistry registry;
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
  }

  /**
   * The server is fully up (ports bound, gRPC set up). Models load while it starts; readiness
   * waits for both, so whoever sees the server ready sees all of it.
   */
  void markStarted() {
    started = true;
  }

  boolean ready() {
    return started && !draining && registry.allReady();
  }
}
