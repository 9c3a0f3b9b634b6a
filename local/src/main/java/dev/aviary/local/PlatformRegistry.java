package dev.aviary.local;

import dev.aviary.registry.ModelRegistry;
import dev.aviary.registry.Registries;
import java.time.Clock;

/**
 * The platform's model registry, opened on first use: a platform whose API never serves the
 * registry creates no registry database.
 */
final class PlatformRegistry implements AutoCloseable {
  private final String location;
  private ModelRegistry registry;

  PlatformRegistry(String location) {
    this.location = location;
  }

  synchronized ModelRegistry get() {
    if (registry == null) {
      registry = Registries.open(location, Clock.systemUTC());
    }
    return registry;
  }

  @Override
  public synchronized void close() {
    if (registry != null) {
      registry.close();
      registry = null;
    }
  }
}
