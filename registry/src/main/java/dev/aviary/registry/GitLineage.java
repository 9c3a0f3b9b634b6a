package dev.aviary.registry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The git commit of a working tree and whether it has uncommitted changes, asked of git itself. */
public record GitLineage(String commit, boolean dirty) {

  /** Empty when {@code dir} is not in a git working tree or git is not installed. */
  public static Optional<GitLineage> detect(Path dir) {
    Optional<String> head = git(dir, "rev-parse", "HEAD");
    if (head.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> status = git(dir, "status", "--porcelain");
    return Optional.of(
        new GitLineage(head.get().trim(), status.map(s -> !s.isBlank()).orElse(true)));
  }

  private static Optional<String> git(Path dir, String... args) {
    List<String> command = new java.util.ArrayList<>(List.of("git"));
    command.addAll(List.of(args));
    try {
      Process p =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return Optional.empty();
      }
      return p.exitValue() == 0 ? Optional.of(out) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
