package dev.aviary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aviary.local.Platform;
import dev.aviary.local.PlatformOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code aviary apply} against a real embedded platform: refused specs are reported with their
 * paths and a non-zero exit, and nothing is applied. ("true" stands in for the serve command and is
 * never run: no spec here is valid.)
 */
class ApplyCommandTest {
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  int run(String... args) {
    CommandLine cl = new CommandLine(new AviaryCli());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @Test
  void a_spec_with_java_tool_options_or_a_model_outside_the_roots_is_refused_with_its_paths(
      @TempDir Path dir) throws Exception {
    Path base = Files.createDirectories(dir.resolve("models"));
    Files.writeString(base.resolve("iris.onnx"), "model");
    Path f = dir.resolve("unsafe.yaml");
    Files.writeString(
        f,
        """
        apiVersion: aviary.dev/v1alpha1
        kind: ModelDeployment
        metadata: {name: iris}
        spec:
          model: {name: iris, version: "2", uri: "file:iris.onnx"}
          server:
            env: {JAVA_TOOL_OPTIONS: "-XX:OnOutOfMemoryError=touch /tmp/pwned -Xmx3m"}
            args: ["--unknown-flag"]
          strategy: {canary: {steps: [{setWeight: 50}]}}
        """);
    Path g = dir.resolve("outside.yaml");
    Files.writeString(
        g,
        Files.readString(f)
            .replace("file:iris.onnx", "file:../../../../../etc/passwd")
            .replaceAll("(?s)  server:.*?\\]\\n", ""));
    try (Platform p =
        Platform.start(
            new PlatformOptions(
                dir, "127.0.0.1", 0, "127.0.0.1", 0, null, List.of("true"), base, null, null))) {
      String server = "http://127.0.0.1:" + p.apiPort();
      assertThat(run("apply", "-f", f.toString(), "--server", server)).isEqualTo(1);
      assertThat(err.toString())
          .contains("aviary apply: the spec is invalid; nothing was changed (2 problems)")
          .contains("  spec.server.env.JAVA_TOOL_OPTIONS: not allowed (JVM options:")
          .contains("  spec.server.args[0]: '--unknown-flag' is not an allowed server flag");

      assertThat(run("apply", "-f", g.toString(), "--server", server)).isEqualTo(1);
      assertThat(err.toString())
          .contains(
              "  ModelDeployment iris: spec.model.uri: must name a file under a model root of"
                  + " this platform ("
                  + base
                  + ")");

      assertThat(run("get", "--server", server)).isZero();
      assertThat(out.toString()).doesNotContain("iris");
    }
  }
}
