package dev.aviary.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Artifacts in the {@code artifact} table, written in the registering transaction itself. */
final class DatabaseArtifactStore implements ArtifactStore {

  @Override
  public void put(Connection tx, String sha256, Path source) throws SQLException {
    try (PreparedStatement ps =
            tx.prepareStatement(
                "INSERT INTO artifact (sha256, content) VALUES (?, ?) ON CONFLICT DO NOTHING");
        InputStream in = Files.newInputStream(source)) {
      ps.setString(1, sha256);
      ps.setBinaryStream(2, in, Files.size(source));
      ps.executeUpdate();
    } catch (IOException e) {
      throw new RegistryException("cannot read " + source + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void copyTo(Connection c, String sha256, Path target) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT content FROM artifact WHERE sha256 = ?")) {
      ps.setString(1, sha256);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new RegistryException("artifact " + sha256 + " is missing from the registry");
        }
        try (InputStream in = rs.getBinaryStream(1)) {
          Files.copy(in, target);
        } catch (IOException e) {
          throw new RegistryException("cannot write " + target + ": " + e.getMessage(), e);
        }
      }
    }
  }

  @Override
  public void remove(Connection c, String sha256) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "DELETE FROM artifact WHERE sha256 = ? AND NOT EXISTS"
                + " (SELECT 1 FROM model_version WHERE sha256 = ?)")) {
      ps.setString(1, sha256);
      ps.setString(2, sha256);
      ps.executeUpdate();
    }
  }
}
