package dev.aviary.cli.cicd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aviary.cli.cicd.Pipeline.Stage;
import dev.aviary.cli.cicd.StageRun.Verdict;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stages run with real bash: in order, with the pipeline's variables, stopping at a failure. */
class PipelineRunnerTest {
  @TempDir Path dir;
  final StringWriter out = new StringWriter();
  final AtomicLong clock = new AtomicLong();

  private static Stage stage(String name, String approval, String... commands) {
    return new Stage(name, name + " things", List.of(commands), List.of(), approval, List.of());
  }

  private Pipeline pipeline(Stage... stages) {
    return new Pipeline(
        "m",
        Target.LOCAL,
        List.of(new Pipeline.Variable("GREETING", "hello", "a greeting")),
        List.of(),
        List.of(),
        List.of(stages));
  }

  private List<StageRun> run(Pipeline p, Map<String, String> env, boolean dry, boolean approved)
      throws Exception {
    // Each command advances the clock by 2 s, so durations are exact.
    var runner =
        new PipelineRunner(
            p, dir, env, new PrintWriter(out, true), () -> clock.getAndAdd(2_000_000_000L));
    return runner.run(p.stages(), dry, approved);
  }

  @Test
  void stages_run_in_order_with_the_variables_and_the_environment_wins() throws Exception {
    Pipeline p =
        pipeline(
            stage("one", null, "echo \"$GREETING\" > one.txt"),
            stage("two", null, "echo \"$GREETING $WHO\" > two.txt"));
    List<StageRun> runs = run(p, Map.of("WHO", "world"), false, false);
    assertThat(runs).extracting(StageRun::verdict).containsExactly(Verdict.PASSED, Verdict.PASSED);
    assertThat(Files.readString(dir.resolve("one.txt"))).isEqualTo("hello\n");
    assertThat(Files.readString(dir.resolve("two.txt"))).isEqualTo("hello world\n");
    assertThat(
            run(
                pipeline(stage("one", null, "echo \"$GREETING\" > one.txt")),
                Map.of("GREETING", "hi"),
                false,
                false))
        .extracting(StageRun::verdict)
        .containsExactly(Verdict.PASSED);
    assertThat(Files.readString(dir.resolve("one.txt"))).isEqualTo("hi\n");
    assertThat(out.toString()).contains("[1/2] one: one things", "[2/2] two: two things");
  }

  @Test
  void the_first_failing_command_stops_the_pipeline_with_its_exit_status() throws Exception {
    Pipeline p =
        pipeline(
            stage("build", null, "true"),
            stage("evaluate", null, "exit 1", "touch after-failure"),
            stage("deploy", null, "touch deployed"));
    List<StageRun> runs = run(p, Map.of(), false, false);
    assertThat(runs)
        .extracting(StageRun::verdict)
        .containsExactly(Verdict.PASSED, Verdict.FAILED, Verdict.SKIPPED);
    assertThat(runs.get(1).exitCode()).isEqualTo(1);
    assertThat(dir.resolve("after-failure")).doesNotExist();
    assertThat(dir.resolve("deployed")).doesNotExist();
    assertThat(PipelineRunner.summary(runs))
        .isEqualTo(
            """
            STAGE      DURATION   VERDICT
            build      2.0s       passed
            evaluate   2.0s       FAILED (exit 1)
            deploy     -          not run
            """);
  }

  @Test
  void a_stage_behind_an_approval_runs_only_when_approved() throws Exception {
    Pipeline p =
        pipeline(stage("deploy", "production", "touch deployed"), stage("verify", null, "true"));
    assertThat(run(p, Map.of(), false, false))
        .extracting(StageRun::verdict)
        .containsExactly(Verdict.NEEDS_APPROVAL, Verdict.SKIPPED);
    assertThat(dir.resolve("deployed")).doesNotExist();
    assertThat(out.toString()).contains("rerun with --from deploy --approve");
    assertThat(run(p, Map.of(), false, true))
        .extracting(StageRun::verdict)
        .containsExactly(Verdict.PASSED, Verdict.PASSED);
    assertThat(dir.resolve("deployed")).exists();
  }

  @Test
  void a_dry_run_prints_every_command_and_runs_none() throws Exception {
    Pipeline p = ModelPipeline.of("fraud", Target.LOCAL);
    List<StageRun> runs = run(p, Map.of(), true, false);
    assertThat(runs).extracting(StageRun::verdict).containsOnly(Verdict.DRY_RUN).hasSize(8);
    assertThat(out.toString())
        .contains("[8/8] monitor:")
        .contains("$ ./aviary apply -f $SPEC --wait --promote-alias champion")
        .contains("(needs approval: production)");
    try (var files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
  }
}
