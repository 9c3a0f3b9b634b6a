package dev.aviary.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * A Java runtime with only the modules the model server needs, made by {@code jlink} from a local
 * JDK and kept in a cache directory, keyed by the JDK and the module list.
 */
final class JavaRuntime {
  /**
   * What {@code aviary serve} needs: {@code jdeps --print-module-deps --ignore-missing-deps} over
   * {@code aviary-all.jar} minus {@code java.desktop} (only the commands that are not in the image
   * use it), plus the providers {@code jdeps} cannot see ({@code jdk.crypto.ec} for TLS, {@code
   * jdk.zipfs}). The image test runs the server on exactly this runtime.
   */
  static final List<String> MODULES =
      List.of(
          "java.base",
          "java.compiler",
          "java.logging",
          "java.management",
          "java.naming",
          "java.net.http",
          "java.scripting",
          "java.security.jgss",
          "java.sql",
          "java.xml",
          "jdk.crypto.ec",
          "jdk.httpserver",
          "jdk.jfr",
          "jdk.management",
          "jdk.unsupported",
          "jdk.zipfs");

  private JavaRuntime() {}

  /** The runtime made from the JDK at {@code javaHome}, built into {@code cache} when missing. */
  static Path create(Path javaHome, Path cache, java.util.function.Consumer<String> progress) {
    Path jlink = javaHome.resolve("bin/jlink");
    Path jmods = javaHome.resolve("jmods");
    if (!Files.isExecutable(jlink) || !Files.isDirectory(jmods)) {
      throw new ImageException(
          "the Java runtime at "
              + javaHome
              + " has no jlink or jmods, so no runtime can be made for the image: run aviary with"
              + " a full JDK 17 (JAVA_HOME), or give --base IMAGE with a Java runtime in it");
    }
    Path target = cache.resolve("jre-" + key(javaHome));
    if (Files.isExecutable(target.resolve("bin/java"))) {
      return target;
    }
    progress.accept(
        "making the Java runtime with jlink from " + javaHome + " (kept in " + cache + ")");
    try {
      Files.createDirectories(cache);
      Path work = Files.createTempDirectory(cache, "jlink-");
      try {
        return link(jlink, jmods, work.resolve("jre"), target);
      } finally {
        deleteTree(work);
      }
    } catch (IOException e) {
      throw new ImageException("cannot make the Java runtime in " + cache + ": " + e, e);
    }
  }

  private static Path link(Path jlink, Path jmods, Path output, Path target) throws IOException {
    ChildProcess.run(
        List.of(
            ChildProcess.safe(jlink),
            "--module-path",
            ChildProcess.safe(jmods),
            "--add-modules",
            String.join(",", MODULES),
            "--strip-debug",
            "--no-header-files",
            "--no-man-pages",
            "--compress=2",
            "--output",
            ChildProcess.safe(output)),
        300);
    try {
      Files.move(output, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      // another build may have made it at the same time; theirs is as good
      if (!Files.isExecutable(target.resolve("bin/java"))) {
        throw e;
      }
    }
    return target;
  }

  private static String key(Path javaHome) {
    String identity =
        javaHome.toAbsolutePath()
            + "\n"
            + System.getProperty("java.vm.version")
            + "\n"
            + String.join(",", MODULES);
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(java.util.Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  // best effort: a temporary directory
                }
              });
    } catch (IOException e) {
      // best effort
    }
  }
}
