package dev.aviary.cli;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes what a generator made (a chart directory, a pipeline file) so that it is either all there
 * or not there at all: everything goes to a temporary sibling first, then one rename puts it in
 * place. An existing target is refused unless {@code force}.
 */
final class GeneratedFiles {
  private GeneratedFiles() {}

  /** Writes {@code files} (paths relative to {@code dir}) as the directory {@code dir}. */
  static void writeDirectory(Path dir, Map<String, String> files, boolean force)
      throws IOException {
    Path target = dir.toAbsolutePath().normalize();
    refuseExisting(target, force);
    Files.createDirectories(target.getParent());
    Path fresh = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".");
    try {
      readableByAll(fresh, "rwxr-xr-x");
      for (var e : files.entrySet()) {
        Path f = fresh.resolve(e.getKey()).normalize();
        if (!f.startsWith(fresh)) {
          throw new IllegalArgumentException(
              "a generated path leaves the directory: " + e.getKey());
        }
        Files.createDirectories(f.getParent());
        Files.writeString(f, e.getValue());
      }
      Path old = null;
      if (Files.exists(target)) {
        old =
            target.resolveSibling(
                "." + target.getFileName() + ".old-" + ProcessHandle.current().pid());
        Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
      }
      Files.move(fresh, target, StandardCopyOption.ATOMIC_MOVE);
      if (old != null) {
        deleteTree(old);
      }
    } finally {
      if (Files.exists(fresh)) {
        deleteTree(fresh);
      }
    }
  }

  /** Writes {@code text} as the file {@code file}, creating its parent directories. */
  static void writeFile(Path file, String text, boolean force) throws IOException {
    Path target = file.toAbsolutePath().normalize();
    refuseExisting(target, force);
    Files.createDirectories(target.getParent());
    Path fresh = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".tmp");
    try {
      Files.writeString(fresh, text);
      readableByAll(fresh, "rw-r--r--");
      Files.move(
          fresh, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(fresh);
    }
  }

  /** Temporary files and directories are private to their owner; what is generated is not. */
  private static void readableByAll(Path p, String permissions) throws IOException {
    if (p.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(permissions));
    }
  }

  private static void refuseExisting(Path target, boolean force) throws IOException {
    if (Files.exists(target) && !force) {
      throw new FileAlreadyExistsException(
          target.toString(), null, "it exists; nothing was written (--force replaces it)");
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
