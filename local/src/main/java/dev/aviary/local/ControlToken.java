package dev.aviary.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The control API's bearer token kept in the state directory ({@code <state-dir>/token}), like
 * Jupyter's: generated at the first start, readable by its owner only, reused afterwards, and read
 * from there by the CLI on the same machine. Delete the file and restart to rotate it.
 */
public final class ControlToken {
  public static final String FILE_NAME = "token";
  private static final int BYTES = 32; // 256 bits
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Set<PosixFilePermission> GROUP_OR_OTHERS =
      EnumSet.of(
          PosixFilePermission.GROUP_READ,
          PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.GROUP_EXECUTE,
          PosixFilePermission.OTHERS_READ,
          PosixFilePermission.OTHERS_WRITE,
          PosixFilePermission.OTHERS_EXECUTE);

  private ControlToken() {}

  /** Where the token of the platform on {@code stateDir} lives. */
  public static Path file(Path stateDir) {
    return stateDir.resolve(FILE_NAME);
  }

  /** A new random token: 256 bits, URL-safe Base64 without padding. */
  public static String generate() {
    byte[] bytes = new byte[BYTES];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /**
   * The token in {@code stateDir}, created (with the directory, both owner-only) when there is
   * none.
   *
   * @throws IOException when the file cannot be created or read
   * @throws IllegalStateException when the directory or the file is open to other users, or the
   *     file is empty
   */
  public static String readOrCreate(Path stateDir) throws IOException {
    boolean posix = isPosix(stateDir);
    if (!Files.isDirectory(stateDir)) {
      Files.createDirectories(stateDir, ownerOnly(posix, "rwx------"));
    }
    if (posix) {
      Set<PosixFilePermission> dir = Files.getPosixFilePermissions(stateDir);
      if (dir.contains(PosixFilePermission.GROUP_WRITE)
          || dir.contains(PosixFilePermission.OTHERS_WRITE)) {
        throw new IllegalStateException(
            "the state directory "
                + stateDir.toAbsolutePath()
                + " is writable by other users ("
                + PosixFilePermissions.toString(dir)
                + "), so the token file cannot be kept private there; use a directory only you"
                + " can write (chmod go-w, or another --state-dir)");
      }
    }
    Path file = file(stateDir);
    try {
      Files.createFile(file, ownerOnly(posix, "rw-------"));
      String token = generate();
      Files.writeString(file, token + "\n", StandardCharsets.US_ASCII);
      return token;
    } catch (FileAlreadyExistsException e) {
      return read(stateDir)
          .orElseThrow(() -> new IllegalStateException("the token file " + file + " is gone"));
    }
  }

  /**
   * The token in {@code stateDir}, or empty when there is no token file.
   *
   * @throws IOException when the file exists but cannot be read
   * @throws IllegalStateException when the file is open to other users, not a regular file, or
   *     empty
   */
  public static Optional<String> read(Path stateDir) throws IOException {
    Path file = file(stateDir);
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new IllegalStateException(
          "the token file " + file.toAbsolutePath() + " is not a regular file");
    }
    if (isPosix(stateDir)) {
      Set<PosixFilePermission> perms =
          Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
      if (perms.stream().anyMatch(GROUP_OR_OTHERS::contains)) {
        throw new IllegalStateException(
            "the token file "
                + file.toAbsolutePath()
                + " is open to other users ("
                + PosixFilePermissions.toString(perms)
                + "); delete it and restart aviary up to get a new one");
      }
    }
    String token = Files.readString(file, StandardCharsets.US_ASCII).trim();
    if (token.isEmpty()) {
      throw new IllegalStateException(
          "the token file " + file.toAbsolutePath() + " is empty; delete it and restart aviary up");
    }
    return Optional.of(token);
  }

  private static boolean isPosix(Path dir) {
    return dir.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  private static FileAttribute<?>[] ownerOnly(boolean posix, String permissions) {
    return posix
        ? new FileAttribute<?>[] {
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions))
        }
        : new FileAttribute<?>[0];
  }
}
