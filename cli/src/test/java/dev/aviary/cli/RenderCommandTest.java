package dev.aviary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RenderCommandTest {
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  int run(String... args) {
    CommandLine cl = new CommandLine(new AviaryCli());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(KubeCommand.rewrite(args));
  }

  @Test
  void renders_the_example_canary_with_an_http_route() {
    int rc =
        run(
            "render",
            "-f",
            "../examples/rollouts/canary.yaml",
            "--traffic",
            "gateway-api",
            "-n",
            "models");
    assertThat(rc).isZero();
    assertThat(out.toString())
        .contains("kind: Deployment", "kind: HTTPRoute", "namespace: models", "path: /readyz");
  }

  @Test
  void an_invalid_spec_exits_1_naming_the_field(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("bad.yaml");
    Files.writeString(
        f,
        """
        apiVersion: aviary.dev/v1alpha1
        kind: ModelDeployment
        metadata: {name: iris}
        spec:
          model: {name: iris, version: "1", uri: "file:/m.onnx"}
          strategy: {canary: {steps: [{setWeight: 101}]}}
        """);
    assertThat(run("render", "-f", f.toString())).isEqualTo(1);
    assertThat(err.toString()).contains("spec.strategy.canary.steps[0].setWeight");
  }

  @Test
  void an_unknown_traffic_provider_exits_2_with_the_choices() {
    assertThat(run("render", "-f", "../examples/rollouts/canary.yaml", "--traffic", "nginx"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("expected one of");
  }

  @Test
  void dash_dash_kube_is_the_kube_command() {
    assertThat(KubeCommand.rewrite(new String[] {"--kube", "promote", "iris"}))
        .containsExactly("kube", "promote", "iris");
    assertThat(run("--kube", "--help")).isZero();
    assertThat(out.toString())
        .contains("promote", "abort", "retry", "undo", "pause", "resume", "get", "describe");
  }
}
