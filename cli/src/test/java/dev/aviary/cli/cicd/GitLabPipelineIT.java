package dev.aviary.cli.cicd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aviary.cli.LocalDockerRegistry;
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
 * launcher and jar: build (training), test, evaluate, register and package, pushing to Debian's
 * docker-registry on loopback. Deploy, verify and monitor need a running platform and are not run
 * here.
 *
 * <p>The build stage's project tests ({@code $PROJECT_TESTS}, {@code mvn -B verify}) are this very
 * suite, so they are replaced by {@code java -version}. The registry starts with the example's v1
 * as the champion, so the trained candidate (v2) passes the gates; the faulty example v3 against v2
 * fails them, and drifted hold-out data fails the test stage; nothing is registered after either.
 * One project, one training run and one image build serve every step, to keep the suite fast.
 */
class GitLabPipelineIT {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path JAR = Path.of("target", "aviary-all.jar").toAbsolutePath();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> JOBS_THAT_RUN =
      List.of("build", "test", "evaluate", "register", "package");
  private static final String V3 = "examples/fraud/models/v3/model.onnx";

  @TempDir Path dir;

  /** The launcher, the jar and the example data, in a git repository of their own. */
  private Path project(String name) throws Exception {
    assertThat(JAR).as("the package phase builds the runnable jar before the tests run").exists();
    Path p = dir.resolve(name);
    Files.createDirectories(p.resolve("cli/target"));
    Files.createDirectories(p.resolve("examples/fraud/data"));
    Files.copy(ROOT.resolve("aviary"), p.resolve("aviary"), StandardCopyOption.COPY_ATTRIBUTES);
    Files.copy(JAR, p.resolve("cli/target/aviary-all.jar"));
    for (String file :
        List.of(
            "data/sample.csv",
            "data/drifted.csv",
            "data/holdout.csv",
            "gates.yaml",
            "models/v1/model.onnx",
            "models/v3/model.onnx")) {
      Path to = p.resolve("examples/fraud").resolve(file);
      Files.createDirectories(to.getParent());
      Files.copy(ROOT.resolve("examples/fraud").resolve(file), to);
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

  /** gitlab-ci-local running {@code jobs}, with {@code variables} set as CI settings would. */
  private Tools.Result gitlabCiLocal(Path p, Map<String, String> variables, List<String> jobs)
      throws Exception {
    Map<String, String> env = new HashMap<>(Tools.gitlabCiLocalEnv());
    env.putAll(jobEnvironment());
    List<String> cmd =
        new ArrayList<>(List.of("gitlab-ci-local", "--variable", "PROJECT_TESTS=java -version"));
    variables.forEach((k, v) -> cmd.addAll(List.of("--variable", k + "=" + v)));
    cmd.addAll(jobs);
    return Tools.run(p, env, 300, cmd);
  }

  /** The runner's environment: no launcher rebuild, image builds cached in the test's directory. */
  private Map<String, String> jobEnvironment() {
    return Map.of("AVIARY_SKIP_BUILD", "1", "XDG_CACHE_HOME", dir.resolve("cache").toString());
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
  void a_good_candidate_is_evaluated_registered_and_pushed_and_a_bad_one_stops_the_pipeline()
      throws Exception {
    Path p = project("good");
    Tools.Result seed =
        aviary(
            p,
            Map.of(),
            "model",
            "register",
            "fraud",
            "--file",
            "examples/fraud/models/v1/model.onnx",
            "--alias",
            "champion",
            "--registry",
            ".aviary");
    assertThat(seed.exit()).as(seed.output()).isZero();

    try (LocalDockerRegistry images = LocalDockerRegistry.start(dir, "")) {
      Tools.Result run =
          gitlabCiLocal(
              p, Map.of("REGISTRY", images.host(), "AVIARY_PUSH_INSECURE", "true"), JOBS_THAT_RUN);
      assertThat(run.exit()).as(run.output()).isZero();
      for (String job : JOBS_THAT_RUN) {
        assertThat(run.output()).containsPattern("PASS\\s+" + job);
      }
      assertThat(p.resolve("build/data-drift.html")).exists();
      assertThat(Files.readString(p.resolve("build/evaluation.html")))
          .contains("fraud:1 (fraud@champion)")
          .contains("PASSED: all 3 gates passed");
      JsonNode registered = candidate(p);
      String commit = git(p, "rev-parse", "HEAD");
      assertThat(registered.at("/lineage/gitCommit").asText()).isEqualTo(commit);
      assertThat(registered.path("sha256").asText())
          .isEqualTo(sha256(p.resolve("build/candidate/models/v2/model.onnx")));
      assertThat(registered.path("version").asInt()).isEqualTo(2);

      String repo = "docker://" + images.host() + "/ml/fraud";
      String tag = "git-" + git(p, "rev-parse", "--short", "HEAD");
      JsonNode tags = JSON.readTree(skopeo("list-tags", "--tls-verify=false", repo));
      assertThat(tags.get("Tags")).extracting(JsonNode::asText).contains("fraud-2", tag);
      JsonNode labels =
          JSON.readTree(skopeo("inspect", "--tls-verify=false", repo + ":" + tag)).get("Labels");
      assertThat(labels.get("dev.aviary.model.version").asText()).isEqualTo("2");
      assertThat(labels.get("dev.aviary.model.sha256").asText())
          .isEqualTo(registered.path("sha256").asText());
      assertThat(labels.get("org.opencontainers.image.revision").asText()).isEqualTo(commit);
    }

    // aviary pipeline run: the same stages from the same description, on this machine.
    Map<String, String> env = new HashMap<>(jobEnvironment());
    Tools.Result good = aviary(p, env, "pipeline", "run", "--from", "test", "--to", "evaluate");
    assertThat(good.exit()).as(good.output()).isZero();
    assertThat(good.output())
        .contains("[1/2] test:", "--drift-share $DRIFT_SHARE", "[2/2] evaluate:")
        .containsPattern("test\\s+\\d+\\.\\ds\\s+passed")
        .containsPattern("evaluate\\s+\\d+\\.\\ds\\s+passed");

    // The faulty release against v2 as the champion: the gates fail, nothing is registered.
    Tools.Result alias =
        aviary(p, Map.of(), "model", "alias", "fraud", "2", "champion", "--registry", ".aviary");
    assertThat(alias.exit()).as(alias.output()).isZero();
    Tools.Result bad =
        gitlabCiLocal(p, Map.of("CANDIDATE", V3), List.of("evaluate", "register", "package"));
    assertThat(bad.exit()).as(bad.output()).isNotZero();
    assertThat(bad.output())
        .containsPattern("FAIL\\s+evaluate")
        .contains("FAILED: 2 of 3 gates failed")
        .doesNotContain("register starting")
        .doesNotContain("package starting");
    env.put("CANDIDATE", V3);
    Tools.Result badRun =
        aviary(p, env, "pipeline", "run", "--from", "evaluate", "--to", "package");
    assertThat(badRun.exit()).as(badRun.output()).isEqualTo(1);
    assertThat(badRun.output())
        .containsPattern("evaluate\\s+\\d+\\.\\ds\\s+FAILED \\(exit 1\\)")
        .containsPattern("register\\s+-\\s+not run")
        .containsPattern("package\\s+-\\s+not run");
    assertThat(candidate(p).path("version").asInt()).isEqualTo(2);

    // Hold-out data that drifted from the training data stops the pipeline at test.
    Tools.Result drifted =
        gitlabCiLocal(
            p, Map.of("HOLDOUT", "examples/fraud/data/drifted.csv"), List.of("test", "register"));
    assertThat(drifted.exit()).as(drifted.output()).isNotZero();
    assertThat(drifted.output())
        .containsPattern("FAIL\\s+test")
        .contains("Data set drift: yes")
        .doesNotContain("register starting");
    env.remove("CANDIDATE");
    env.put("HOLDOUT", "examples/fraud/data/drifted.csv");
    Tools.Result driftRun = aviary(p, env, "pipeline", "run", "--from", "test", "--to", "register");
    assertThat(driftRun.exit()).as(driftRun.output()).isEqualTo(1);
    assertThat(driftRun.output())
        .containsPattern("test\\s+\\d+\\.\\ds\\s+FAILED \\(exit 1\\)")
        .containsPattern("evaluate\\s+-\\s+not run")
        .containsPattern("register\\s+-\\s+not run");
    assertThat(candidate(p).path("version").asInt()).isEqualTo(2);
  }

  private static String skopeo(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("skopeo"));
    cmd.addAll(List.of(args));
    Tools.Result r = Tools.run(Path.of("."), Map.of(), 60, cmd);
    assertThat(r.exit()).as(r.output()).isZero();
    return r.output();
  }
}
