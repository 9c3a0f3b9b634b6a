package dev.aviary.cli;

import dev.aviary.cli.cicd.GitHubWorkflow;
import dev.aviary.cli.cicd.GitLabCi;
import dev.aviary.cli.cicd.JenkinsPipeline;
import dev.aviary.cli.cicd.ModelPipeline;
import dev.aviary.cli.cicd.Pipeline;
import dev.aviary.cli.cicd.Target;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code aviary ci init}: a model's CI/CD pipeline for GitHub Actions, GitLab CI or Jenkins. */
@Command(
    name = "ci",
    description = "Generate CI/CD pipelines for a model.",
    subcommands = CiCommand.Init.class)
final class CiCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  boolean help;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "init",
      description = {
        "Write the model's pipeline for a CI system: .github/workflows/model-cd.yml (github),",
        ".gitlab-ci.yml (gitlab) or Jenkinsfile (jenkins), with the stages build, test,",
        "evaluate, register, package, deploy (behind a manual approval), verify and monitor;",
        "the same stages `aviary pipeline run` runs on this machine.",
        "Exit status: 0 written, 2 bad option or a file that exists (--force replaces it)."
      },
      sortOptions = false)
  static final class Init implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = {"-h", "--help"},
        usageHelp = true,
        description = "Show this help and exit.")
    boolean help;

    @Option(
        names = "--provider",
        required = true,
        paramLabel = "PROVIDER",
        description = "github, gitlab or jenkins.")
    String provider;

    @Option(
        names = "--model",
        defaultValue = "fraud",
        paramLabel = "NAME",
        description = "The model (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(
        names = "--target",
        defaultValue = "local",
        paramLabel = "TARGET",
        description =
            "Where deploy rolls out: local (aviary up), kubernetes (kubectl apply of the spec)"
                + " or helm (the model's chart) (default: ${DEFAULT-VALUE}).")
    String target;

    @Option(
        names = {"-d", "--dir"},
        defaultValue = ".",
        paramLabel = "DIR",
        description = "Repository root to write into (default: the working directory).")
    Path dir;

    @Option(names = "--force", description = "Replace the file if it exists.")
    boolean force;

    @Override
    public Integer call() {
      var err = spec.commandLine().getErr();
      var chosen = Target.of(target);
      if (chosen.isEmpty()) {
        err.println(
            "aviary ci init: --target: unknown target '"
                + target
                + "', expected one of "
                + Target.ids());
        return 2;
      }
      if (!model.matches("[a-z0-9]([-a-z0-9]{0,50}[a-z0-9])?")) {
        err.println(
            "aviary ci init: --model: '"
                + model
                + "' is not a model name (lower-case letters,"
                + " digits and '-', at most 52 characters)");
        return 2;
      }
      Pipeline p = ModelPipeline.of(model, chosen.get());
      String path;
      String text;
      switch (provider) {
        case "github" -> {
          path = GitHubWorkflow.PATH;
          text = GitHubWorkflow.render(p);
        }
        case "gitlab" -> {
          path = GitLabCi.PATH;
          text = GitLabCi.render(p);
        }
        case "jenkins" -> {
          path = JenkinsPipeline.PATH;
          text = JenkinsPipeline.render(p);
        }
        default -> {
          err.println(
              "aviary ci init: --provider: unknown provider '"
                  + provider
                  + "', expected one of github, gitlab, jenkins");
          return 2;
        }
      }
      Path file = dir.resolve(path).normalize();
      try {
        GeneratedFiles.writeFile(file, text, force);
      } catch (FileAlreadyExistsException e) {
        err.println("aviary ci init: " + file + ": " + e.getReason());
        return 2;
      } catch (IOException e) {
        err.println("aviary ci init: cannot write " + file + ": " + e.getMessage());
        return 2;
      }
      spec.commandLine()
          .getOut()
          .println(
              "wrote "
                  + file
                  + " ("
                  + String.join(" -> ", p.stageNames())
                  + "; deploy: "
                  + chosen.get().id()
                  + ")");
      spec.commandLine().getOut().flush();
      return 0;
    }
  }
}
