package dev.aviary.registry;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/** Where artifact bytes live, keyed by sha256. Calls run inside the registry's transaction. */
interface ArtifactStore {
  /** Stores {@code source} under {@code sha256}; storing bytes that are there is a no-op. */
  void put(Connection tx, String sha256, Path source) throws SQLException;

  /** Copies the bytes to {@code target}, which does not exist yet. */
  void copyTo(Connection c, String sha256, Path target) throws SQLException;

  /** Forgets bytes no version uses any more; called once the deleting transaction committed. */
  void remove(Connection c, String sha256) throws SQLException;
}
