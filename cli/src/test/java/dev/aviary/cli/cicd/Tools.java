package dev.aviary.cli.cicd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The CI tools the tests run (npm globals that .ci/run installs), as child processes. */
final class Tools {
  static final Path NODE_DIR = Path.of("src", "test", "resources", "node").toAbsolutePath();

  private Tools() {}

  record Result(int exit, String output) {}

  /** Runs {@code command} in {@code dir}; output and errors together. */
  static Result run(Path dir, Map<String, String> env, long timeoutSeconds, List<String> command)
      throws IOException, InterruptedException {
    Path log = Files.createTempFile("tool", ".log");
    try {
      ProcessBuilder b =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      b.environment().putAll(env);
      Process p = b.start();
      p.getOutputStream().close();
      boolean done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
      if (!done) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly().waitFor();
      }
      String out = Files.readString(log, StandardCharsets.UTF_8);
      assertThat(done).as("%s finished within %ss: %s", command, timeoutSeconds, out).isTrue();
      return new Result(p.exitValue(), out);
    } finally {
      Files.deleteIfExists(log);
    }
  }

  /** The global node_modules directory (npm root -g). */
  static String npmRoot() throws IOException, InterruptedException {
    Result r = run(Path.of("."), Map.of(), 60, List.of("npm", "root", "-g"));
    assertThat(r.exit()).as(r.output()).isZero();
    return r.output().trim();
  }

  /** gitlab-ci-local needs Node.js 22's Set methods; see set-methods.cjs. */
  static Map<String, String> gitlabCiLocalEnv() {
    return Map.of("NODE_OPTIONS", "--require " + NODE_DIR.resolve("set-methods.cjs"));
  }
}
