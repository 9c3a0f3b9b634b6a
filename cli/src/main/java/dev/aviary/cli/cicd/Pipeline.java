package dev.aviary.cli.cicd;

import java.util.List;
import java.util.Optional;

/**
 * The one description of the model's CI/CD pipeline: its variables, secrets, caches and stages,
 * each stage a few shell commands (an {@code aviary} command, or Maven for the project's own
 * tests). The GitHub Actions, GitLab CI and Jenkins generators and {@code aviary pipeline run} all
 * read it, so what runs on a laptop is what runs in CI.
 *
 * <p>Commands refer to variables as {@code $NAME}; besides the declared ones, every provider sets
 * {@code SHA} (the commit) and {@code SHORT_SHA} (its first 7 characters).
 */
public record Pipeline(
    String model,
    Target target,
    List<Variable> variables,
    List<Secret> secrets,
    List<Cache> caches,
    List<Stage> stages) {

  public Pipeline {
    variables = List.copyOf(variables);
    secrets = List.copyOf(secrets);
    caches = List.copyOf(caches);
    stages = List.copyOf(stages);
  }

  /** A plain variable with its default; CI settings or the environment may override it. */
  public record Variable(String name, String value, String meaning) {}

  /** A value kept in the CI system's secret store, never in the file. */
  public record Secret(String name, String meaning, boolean file) {}

  /** A directory kept between runs, keyed by the files that change it. */
  public record Cache(String name, String path, String keyFiles) {}

  /**
   * One stage.
   *
   * @param approval environment a person must approve before the stage runs (null: none)
   * @param artifacts paths kept after the stage (reports, the candidate model) for later stages and
   *     for people
   * @param secrets names of the {@link Secret}s the stage's commands read
   */
  public record Stage(
      String name,
      String title,
      List<String> commands,
      List<String> artifacts,
      String approval,
      List<String> secrets) {
    public Stage {
      commands = List.copyOf(commands);
      artifacts = List.copyOf(artifacts);
      secrets = List.copyOf(secrets);
    }
  }

  public Optional<Stage> stage(String name) {
    return stages.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  public List<String> stageNames() {
    return stages.stream().map(Stage::name).toList();
  }
}
