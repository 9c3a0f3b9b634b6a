package dev.aviary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aviary.cli.demo.TrafficLoad;
import dev.aviary.local.Platform;
import dev.aviary.registry.Lineage;
import dev.aviary.registry.ModelRef;
import dev.aviary.registry.ModelRegistry;
import dev.aviary.registry.NewVersion;
import dev.aviary.registry.Registries;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code apply --wait --promote-alias}: against the embedded platform with the registry in its
 * state directory, a promoted canary of fraud v2 moves the alias to 2; the faulty v3, which the
 * prediction-drift analysis rolls back, exits 1 and leaves the alias on 2.
 */
class ApplyPromoteAliasIT {
  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

  /** The demo's canary, shortened to the analysis that rolls v3 back. */
  private static final String SPEC =
      """
      apiVersion: aviary.dev/v1alpha1
      kind: ModelDeployment
      metadata: {name: fraud}
      spec:
        model: {name: fraud, version: "%1$s", uri: "file:examples/fraud/models/v%1$s/model.onnx"}
        replicas: 1
        server: {args: ["--drain-delay", "1s", "--inference-threads", "2"]}
        progressDeadlineSeconds: 120
        strategy:
          canary:
            steps:
              - setWeight: 30
              - analysis:
                  metrics:
                    - name: prediction-drift
                      provider: {builtin: {metric: predictionDriftPsi}}
                      successCondition: result < 0.2
                      minSampleSize: 15
              - setWeight: 60
      """;

  @TempDir Path state;

  private record Run(int code, String out, String err) {}

  private Run cli(String server, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new AviaryCli());
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    List<String> all = new java.util.ArrayList<>(List.of(args));
    all.addAll(List.of("--server", server, "--state-dir", state.toString()));
    return new Run(cl.execute(all.toArray(String[]::new)), out.toString(), err.toString());
  }

  private Path spec(String version) throws Exception {
    Path f = state.resolve("fraud-v" + version + ".yaml");
    Files.writeString(f, SPEC.formatted(version));
    return f;
  }

  private Run apply(String server, String version) throws Exception {
    return cli(
        server,
        "apply",
        "-f",
        spec(version).toString(),
        "--wait",
        "--timeout",
        "3m",
        "--promote-alias",
        "champion",
        "--registry",
        state.toString());
  }

  private int champion() {
    try (ModelRegistry r = Registries.open(state.toString(), Clock.systemUTC())) {
      return r.get(ModelRef.parse("fraud@champion")).version();
    }
  }

  @Test
  void a_healthy_rollout_moves_the_alias_and_a_rolled_back_one_leaves_it() throws Exception {
    try (ModelRegistry r = Registries.open(state.toString(), Clock.systemUTC())) {
      for (String v : List.of("1", "2", "3")) {
        r.register(
            new NewVersion(
                "fraud",
                REPO.resolve("examples/fraud/models/v" + v + "/model.onnx"),
                Map.of(),
                Map.of(),
                Map.of(),
                new Lineage(null, false, null, null, "test", null, "test", null),
                v.equals("1") ? List.of("champion") : List.of()));
      }
    }
    try (Platform platform =
            Platform.start(TestPlatforms.options(state, UpCommand.serveCommand(), REPO));
        TrafficLoad load = new TrafficLoad(platform.gatewayPort(), "fraud", 7)) {
      String server = "http://127.0.0.1:" + platform.apiPort();
      Run first = apply(server, "1");
      assertThat(first.code()).as(first.err()).isZero();
      assertThat(first.out()).contains("alias champion -> fraud:1 (unchanged)");
      load.start(2);

      Run v2 = apply(server, "2");
      assertThat(v2.code()).as(v2.out() + v2.err()).isZero();
      assertThat(v2.out()).contains("Healthy", "alias champion -> fraud:2 (was fraud:1)");
      assertThat(champion()).isEqualTo(2);

      Run v3 = apply(server, "3");
      assertThat(v3.code()).as(v3.out() + v3.err()).isEqualTo(1);
      assertThat(v3.out()).contains("Degraded").doesNotContain("alias champion");
      assertThat(champion()).isEqualTo(2);
    }
  }

  @Test
  void promote_alias_needs_wait_and_a_valid_alias() {
    Run noWait = cli("http://127.0.0.1:9", "apply", "-f", "x.yaml", "--promote-alias", "champion");
    assertThat(noWait.code()).isEqualTo(2);
    assertThat(noWait.err()).contains("--promote-alias needs --wait");
    Run badAlias =
        cli(
            "http://127.0.0.1:9",
            "apply",
            "-f",
            "x.yaml",
            "--wait",
            "--promote-alias",
            "Bad Alias");
    assertThat(badAlias.code()).isEqualTo(2);
    assertThat(badAlias.err()).contains("--promote-alias", "Bad Alias");
  }
}
