package dev.aviary.registry;

import java.nio.file.Path;
import java.time.Clock;

/** Opens the registry a {@code --registry} value names. */
public final class Registries {
  private Registries() {}

  /** A {@code jdbc:postgresql:} URL opens PostgreSQL; anything else is a directory for SQLite. */
  public static ModelRegistry open(String location, Clock clock) {
    if (location.startsWith("jdbc:postgresql:")) {
      return new PostgresModelRegistry(location, clock);
    }
    if (location.startsWith("jdbc:")) {
      throw new RegistryException(
          "registry '"
              + location
              + "' is not supported: expected a directory or a jdbc:postgresql:// URL");
    }
    return new SqliteModelRegistry(Path.of(location), clock);
  }
}
