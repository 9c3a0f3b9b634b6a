package dev.aviary.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Runs the JDK and system tools an image build needs ({@code jlink}, {@code ldd}). Every path put
 * on their command lines is checked against an allow-list first, so that a file name cannot turn
 * into an option of the tool.
 */
final class ChildProcess {
  private static final Pattern SAFE_PATH = Pattern.compile("/[A-Za-z0-9_./+@-]*");

  private ChildProcess() {}

  /** {@code path} as a command-line argument: absolute, normalised, plain characters only. */
  static String safe(Path path) {
    String text = path.toString();
    if (!path.isAbsolute()
        || !path.normalize().equals(path)
        || !SAFE_PATH.matcher(text).matches()
        || text.contains("/-")) {
      throw new ImageException(
          "the path '"
              + text
              + "' cannot be passed to a build tool: expected an absolute path of letters,"
              + " digits, '_', '.', '+', '@', '-' and '/'");
    }
    return text;
  }

  /** Standard output of {@code command}; its failure or a timeout is an {@link ImageException}. */
  static String run(List<String> command, int timeoutSeconds) {
    try {
      Process p = new ProcessBuilder(command).start();
      p.getOutputStream().close();
      CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
      String out = read(p.getInputStream());
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new ImageException(command.get(0) + " did not finish in " + timeoutSeconds + " s");
      }
      if (p.exitValue() != 0) {
        throw new ImageException(
            String.join(" ", command)
                + " failed (exit "
                + p.exitValue()
                + "): "
                + (err.join() + out).strip());
      }
      return out;
    } catch (IOException e) {
      throw new ImageException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ImageException("interrupted while running " + command.get(0), e);
    }
  }

  private static String read(java.io.InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
