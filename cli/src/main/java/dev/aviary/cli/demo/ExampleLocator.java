package dev.aviary.cli.demo;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds {@code examples/fraud}: in the working directory, or in the checkout the jar was built in.
 */
final class ExampleLocator {

  private ExampleLocator() {}

  static Path fraudExamples() {
    Path relative = Path.of("examples", "fraud");
    if (Files.isDirectory(relative)) {
      return relative;
    }
    try {
      // cli/target/aviary-all.jar -> checkout root
      Path jar =
          Path.of(ExampleLocator.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path root = jar.getParent().getParent().getParent();
      Path candidate = root.resolve(relative);
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    } catch (Exception ignored) {
      // fall through to the clear error below
    }
    throw new IllegalStateException(
        "cannot find examples/fraud; run from the Aviary checkout or pass --examples DIR");
  }
}
