package dev.aviary.registry;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;

/**
 * Artifacts as files {@code artifacts/sha256/ab/abcd...}. A file is written under a temporary name,
 * forced to disk and renamed, so a crash leaves either no file or the whole one; a file without a
 * version row (a crash before the commit) is harmless and reused by the next registration.
 */
final class FileArtifactStore implements ArtifactStore {
  private final Path root;

  FileArtifactStore(Path registryDir) {
    this.root = registryDir.resolve("artifacts").resolve("sha256");
  }

  Path path(String sha256) {
    return root.resolve(sha256.substring(0, 2)).resolve(sha256);
  }

  @Override
  public void put(Connection tx, String sha256, Path source) {
    Path target = path(sha256);
    if (Files.isRegularFile(target)) {
      return;
    }
    Path temp = null;
    try {
      Files.createDirectories(target.getParent());
      temp = Files.createTempFile(target.getParent(), ".incoming-", ".tmp");
      Files.copy(source, temp, StandardCopyOption.REPLACE_EXISTING);
      try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ch.force(true);
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      temp = null;
      try (FileChannel dir = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
        dir.force(true);
      } catch (IOException ignored) {
        // some file systems cannot sync a directory; the rename is still atomic
      }
    } catch (IOException e) {
      throw new RegistryException("cannot store artifact in " + root + ": " + e.getMessage(), e);
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // best effort: the failure above is what gets reported
        }
      }
    }
  }

  @Override
  public void copyTo(Connection c, String sha256, Path target) {
    Path source = path(sha256);
    if (!Files.isRegularFile(source)) {
      throw new RegistryException("artifact " + source + " is missing from the registry");
    }
    try {
      Files.copy(source, target);
    } catch (IOException e) {
      throw new RegistryException("cannot write " + target + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void remove(Connection c, String sha256) {
    try {
      Files.deleteIfExists(path(sha256));
    } catch (IOException e) {
      throw new RegistryException("cannot remove artifact " + path(sha256) + ": " + e, e);
    }
  }
}
