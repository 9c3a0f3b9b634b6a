package dev.aviary.cli.cicd;

import dev.aviary.cli.cicd.Pipeline.Stage;

/**
 * {@code .gitlab-ci.yml}: one GitLab stage and job per pipeline stage; the build directory passes
 * on as artifacts; the deploy job is {@code when: manual} and blocks the pipeline until someone
 * runs it (GitLab's approval), with the {@code production} environment and its dashboard link.
 * Secrets are the project's CI/CD variables (KUBECONFIG a variable of type file).
 */
public final class GitLabCi {
  public static final String PATH = ".gitlab-ci.yml";

  private GitLabCi() {}

  public static String render(Pipeline p) {
    StringBuilder y = new StringBuilder(Generated.header("#", p, "gitlab"));
    y.append("stages:\n");
    for (Stage s : p.stages()) {
      y.append("  - ").append(s.name()).append('\n');
    }
    y.append("variables:\n");
    for (Pipeline.Variable v : p.variables()) {
      y.append("  ")
          .append(v.name())
          .append(":\n")
          .append("    value: ")
          .append(GitHubWorkflow.quote(v.value()))
          .append('\n')
          .append("    description: ")
          .append(GitHubWorkflow.quote(v.meaning()))
          .append('\n');
    }
    y.append("  SHA: $CI_COMMIT_SHA\n")
        .append("  SHORT_SHA: $CI_COMMIT_SHORT_SHA\n")
        .append("  MAVEN_OPTS: -Dmaven.repo.local=$CI_PROJECT_DIR/.m2/repository\n");
    y.append("default:\n");
    caches(y, p.caches().stream().filter(c -> c.name().equals("maven")).toList());
    for (Stage s : p.stages()) {
      y.append(s.name()).append(":\n");
      y.append("  stage: ").append(s.name()).append('\n');
      if (s.name().equals("build")) {
        caches(y, p.caches());
      }
      if (s.approval() != null) {
        y.append("  when: manual\n")
            .append("  allow_failure: false\n")
            .append("  environment:\n")
            .append("    name: ")
            .append(s.approval())
            .append('\n')
            .append("    url: $DASHBOARD_URL\n");
      }
      y.append("  script:\n");
      for (String c : s.commands()) {
        y.append("    - ").append(GitHubWorkflow.quote(c)).append('\n');
      }
      if (s.name().equals("build") || !s.artifacts().isEmpty()) {
        y.append("  artifacts:\n")
            .append("    when: always\n")
            .append("    expire_in: 30 days\n")
            .append("    paths:\n");
        for (String a : s.artifacts()) {
          y.append("      - ").append(a).append('\n');
        }
      }
    }
    return y.toString();
  }

  /** Each cache keyed by its name and the branch. */
  private static void caches(StringBuilder y, java.util.List<Pipeline.Cache> caches) {
    y.append("  cache:\n");
    for (Pipeline.Cache c : caches) {
      y.append("    - key: ")
          .append(c.name())
          .append("-$CI_COMMIT_REF_SLUG\n")
          .append("      paths: [")
          .append(c.path())
          .append("]\n");
    }
  }
}
