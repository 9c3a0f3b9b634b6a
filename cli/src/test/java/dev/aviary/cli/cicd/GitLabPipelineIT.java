package dev.aviary.cli.cicd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated GitLab pipeline run end to end by gitlab-ci-local with the shell executor, and the
 * same stages by {@code aviary pipeline run}, in a copy of the repository layout with the real
 * launcher and jar. Only the stages whose commands exist run here (build's training, test,
 * register); evaluate, package and deploy/verify join once their commands do.
 *
 * <p>The build stage's project tests ({@code $PROJECT_TESTS}, {@code mvn -B verify}) are this very
 * suite, so they are replaced by {@code java -version}; the hold-out data is the committed training
 * sample (no drift) or the drifted sample (drift: the test stage fails and nothing is registered).
 * One project and one training run serve every step, to keep the suite fast.
 */
class GitLabPipelineIT {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path JAR = Path.of("target", "aviary-all.jar").toAbsolutePath();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> JOBS_THAT_EXIST = List.of("build", "test", "register");

  @TempDir Path dir;

  /** The launcher, the jar and the example data, in a git repository of their own. */
  private Path project(String name) throws Exception {
    assertThat(JAR).as("the package phase builds the runnable jar before the tests run").exists();
    Path p = dir.resolve(name);
    Files.createDirectories(p.resolve("cli/target"));
    Files.createDirectories(p.resolve("examples/fraud/data"));
    Files.copy(ROOT.resolve("aviary"), p.resolve("aviary"), StandardCopyOption.COPY_ATTRIBUTES);
    Files.copy(JAR, p.resolve("cli/target/aviary-all.jar"));
    for (String csv : List.of("sample.csv", "drifted.csv")) {
      Files.copy(
          ROOT.resolve("examples/fraud/data").resolve(csv),
          p.resolve("examples/fraud/data").resolve(csv));
    }
    Tools.Result init =
        aviary(p, Map.of(), "ci", "init", "--provider", "gitlab", "--target", "local");
    assertThat(init.exit()).as(init.output()).isZero();
    Files.writeString(p.resolve(".gitignore"), "cli/target/\n.aviary/\nbuild/\n");
    git(p, "init", "-q");
    git(p, "add", "-A");
    git(p, "-c", "user.email=ci@example.com", "-c", "user.name=ci", "commit", "-q", "-m", "init");
    return p;
  }

  private static String git(Path p, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("git"));
    cmd.addAll(List.of(args));
    Tools.Result r = Tools.run(p, Map.of(), 60, cmd);
    assertThat(r.exit()).as(r.output()).isZero();
    return r.output().trim();
  }

  private static Tools.Result aviary(Path p, Map<String, String> env, String... args)
      throws Exception {
    List<String> cmd = new ArrayList<>(List.of("java", "-jar", JAR.toString()));
    cmd.addAll(List.of(args));
    return Tools.run(p, env, 300, cmd);
  }

  private static Tools.Result gitlabCiLocal(Path p, String holdout, List<String> jobs)
      throws Exception {
    Map<String, String> env = new HashMap<>(Tools.gitlabCiLocalEnv());
    env.put("AVIARY_SKIP_BUILD", "1");
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "gitlab-ci-local",
                "--variable",
                "PROJECT_TESTS=java -version",
                "--variable",
                "HOLDOUT=" + holdout));
    cmd.addAll(jobs);
    return Tools.run(p, env, 300, cmd);
  }

  private static JsonNode candidate(Path p) throws Exception {
    Tools.Result get =
        aviary(
            p, Map.of(), "model", "get", "fraud@candidate", "-o", "json", "--registry", ".aviary");
    assertThat(get.exit()).as(get.output()).isZero();
    return JSON.readTree(get.output().substring(get.output().indexOf('{')));
  }

  private static String sha256(Path f) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
  }

  @Test
  void a_good_candidate_passes_and_drifted_hold_out_data_stops_the_pipeline_at_test()
      throws Exception {
    Path p = project("good");
    Tools.Result run = gitlabCiLocal(p, "examples/fraud/data/sample.csv", JOBS_THAT_EXIST);
    assertThat(run.exit()).as(run.output()).isZero();
    for (String job : JOBS_THAT_EXIST) {
      assertThat(run.output()).containsPattern("PASS\\s+" + job);
    }
    assertThat(p.resolve("build/data-drift.html")).exists();
    JsonNode registered = candidate(p);
    assertThat(registered.at("/lineage/gitCommit").asText()).isEqualTo(git(p, "rev-parse", "HEAD"));
    assertThat(registered.path("sha256").asText())
        .isEqualTo(sha256(p.resolve("build/candidate/models/v2/model.onnx")));

    // The same pipeline on hold-out data that drifted from the training data.
    Tools.Result drifted =
        gitlabCiLocal(p, "examples/fraud/data/drifted.csv", List.of("test", "register"));
    assertThat(drifted.exit()).as(drifted.output()).isNotZero();
    assertThat(drifted.output())
        .containsPattern("FAIL\\s+test")
        .contains("Data set drift: yes")
        .doesNotContain("register starting");

    // aviary pipeline run: the same stages from the same description, on this machine.
    Map<String, String> env = new HashMap<>();
    env.put("AVIARY_SKIP_BUILD", "1");
    env.put("HOLDOUT", "examples/fraud/data/sample.csv");
    Tools.Result good = aviary(p, env, "pipeline", "run", "--from", "test", "--to", "test");
    assertThat(good.exit()).as(good.output()).isZero();
    assertThat(good.output())
        .contains("[1/1] test:", "--drift-share $DRIFT_SHARE")
        .containsPattern("test\\s+\\d+\\.\\ds\\s+passed");

    env.put("HOLDOUT", "examples/fraud/data/drifted.csv");
    Tools.Result bad = aviary(p, env, "pipeline", "run", "--from", "test", "--to", "register");
    assertThat(bad.exit()).as(bad.output()).isEqualTo(1);
    assertThat(bad.output())
        .containsPattern("test\\s+\\d+\\.\\ds\\s+FAILED \\(exit 1\\)")
        .containsPattern("evaluate\\s+-\\s+not run")
        .containsPattern("register\\s+-\\s+not run");
  }
}
