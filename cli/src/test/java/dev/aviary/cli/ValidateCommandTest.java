package dev.aviary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ValidateCommandTest {
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();
  String stdin = "";

  int run(String... args) {
    CommandLine cl =
        new CommandLine(
            new AviaryCli(),
            new CommandLine.IFactory() {
              @Override
              public <K> K create(Class<K> cls) throws Exception {
                if (cls == ValidateCommand.class) {
                  return cls.cast(
                      new ValidateCommand()
                          .withStdin(
                              new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8))));
                }
                return CommandLine.defaultFactory().create(cls);
              }
            });
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @Test
  void the_examples_are_valid_and_exit_0() {
    assertThat(
            run(
                "validate",
                "-f",
                "../examples/rollouts/canary.yaml",
                "-f",
                "../examples/rollouts/blue-green.yaml"))
        .isZero();
    assertThat(out.toString())
        .contains("canary.yaml: valid (1 ModelDeployment, 1 AnalysisTemplate)")
        .contains("blue-green.yaml: valid (1 ModelDeployment, 0 AnalysisTemplate)");
  }

  @Test
  void prints_every_problem_with_its_path_and_exits_1(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("bad.yaml");
    Files.writeString(
        f,
        """
        apiVersion: aviary.dev/v1alpha1
        kind: ModelDeployment
        metadata: {name: iris}
        spec:
          model: {name: iris, version: "2", uri: "file:iris.onnx"}
          replicas: 0
          strategy:
            canary:
              steps:
                - setWeight: 10
                - setWeight: 20
                - setWeight: 150
        """);
    assertThat(run("validate", "-f", f.toString())).isEqualTo(1);
    assertThat(out.toString())
        .contains(
            f + ": spec.replicas: must be between 1 and 1000, got 0",
            f + ": spec.strategy.canary.steps[2].setWeight: must be between 0 and 100, got 150");
    assertThat(err.toString()).contains("2 problems found");
  }

  @Test
  void server_env_and_flags_outside_the_allow_lists_are_problems_with_their_paths(@TempDir Path dir)
      throws Exception {
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
            args: ["--max-batch-size", "16", "--jvm-opts", "x"]
          strategy: {canary: {steps: [{setWeight: 50}]}}
        """);
    assertThat(run("validate", "-f", f.toString())).isEqualTo(1);
    assertThat(out.toString())
        .contains(
            f
                + ": spec.server.env.JAVA_TOOL_OPTIONS: not allowed (JVM options:"
                + " -XX:OnOutOfMemoryError=... runs a command, -javaagent loads code); allowed:"
                + " AVIARY_LOG_LEVEL, AVIARY_SERVICE_NAME",
            f + ": spec.server.args[2]: '--jvm-opts' is not an allowed server flag; allowed:")
        .doesNotContain("valid (");
    assertThat(err.toString()).contains("2 problems found");
  }

  @Test
  void unreadable_input_exits_2(@TempDir Path dir) throws Exception {
    assertThat(run("validate", "-f", dir.resolve("missing.yaml").toString())).isEqualTo(2);
    assertThat(err.toString()).contains("missing.yaml: cannot read: no such file");
    Path f = dir.resolve("broken.yaml");
    Files.writeString(f, "spec: [unclosed\n");
    assertThat(run("validate", "-f", f.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("not valid YAML or JSON");
  }

  @Test
  void reads_standard_input() {
    stdin = "kind: Nope\n";
    assertThat(run("validate", "-f", "-")).isEqualTo(1);
    assertThat(out.toString()).contains("-: kind: must be ModelDeployment or AnalysisTemplate");
  }

  @Test
  void templates_in_one_file_serve_another(@TempDir Path dir) throws Exception {
    Path t = dir.resolve("t.yaml");
    Files.writeString(
        t,
        """
        apiVersion: aviary.dev/v1alpha1
        kind: AnalysisTemplate
        metadata: {name: errors}
        spec:
          metrics:
            - name: e
              provider: {builtin: {metric: errorRate}}
              successCondition: result < 0.05
        """);
    Path d = dir.resolve("d.yaml");
    Files.writeString(
        d,
        """
        apiVersion: aviary.dev/v1alpha1
        kind: ModelDeployment
        metadata: {name: iris}
        spec:
          model: {name: iris, version: "2", uri: "file:iris.onnx"}
          strategy:
            canary:
              steps: [{analysis: {templates: [{templateName: errors}]}}]
        """);
    assertThat(run("validate", "-f", d.toString())).isEqualTo(1);
    assertThat(run("validate", "-f", d.toString(), "-f", t.toString())).isZero();
  }

  @Test
  void prints_the_schema() {
    assertThat(run("validate", "--print-schema")).isZero();
    assertThat(out.toString()).contains("\"title\" : \"ModelDeployment\"");
    assertThat(run("validate", "--print-schema", "Other")).isEqualTo(2);
  }

  @Test
  void without_a_file_says_what_is_needed() {
    assertThat(run("validate")).isEqualTo(2);
    assertThat(err.toString()).contains("-f FILE");
  }
}
