package dev.aviary.cli.cicd;

import dev.aviary.cli.cicd.Pipeline.Stage;

/**
 * {@code .github/workflows/model-cd.yml}: one job per stage, each needing the one before; files
 * pass between jobs as the {@code build} artifact; the deploy job runs in the {@code production}
 * environment, whose required reviewers are the approval.
 */
public final class GitHubWorkflow {
  public static final String PATH = ".github/workflows/model-cd.yml";

  private GitHubWorkflow() {}

  public static String render(Pipeline p) {
    StringBuilder y = new StringBuilder(Generated.header("#", p, "github"));
    y.append("name: model-cd\n")
        .append("on:\n")
        .append("  push:\n")
        .append("    branches: [main]\n")
        .append("  workflow_dispatch: {}\n")
        .append("permissions:\n")
        .append("  contents: read\n")
        .append("concurrency:\n")
        .append("  group: model-cd-")
        .append(p.model())
        .append('\n')
        .append("  cancel-in-progress: false\n")
        .append("env:\n");
    for (Pipeline.Variable v : p.variables()) {
      y.append("  ").append(v.name()).append(": ").append(quote(v.value())).append('\n');
    }
    y.append("  SHA: ${{ github.sha }}\n");
    y.append("jobs:\n");
    String previous = null;
    for (Stage s : p.stages()) {
      y.append("  ").append(s.name()).append(":\n");
      y.append("    name: ").append(quote(s.name() + ": " + s.title())).append('\n');
      y.append("    runs-on: ubuntu-latest\n");
      if (previous != null) {
        y.append("    needs: ").append(previous).append('\n');
      }
      if (s.approval() != null) {
        y.append("    environment:\n")
            .append("      name: ")
            .append(s.approval())
            .append('\n')
            .append("      url: ${{ env.DASHBOARD_URL }}\n");
      }
      if (!s.secrets().isEmpty()) {
        y.append("    env:\n");
        for (String name : s.secrets()) {
          String env =
              p.secrets().stream()
                      .filter(x -> x.name().equals(name))
                      .anyMatch(Pipeline.Secret::file)
                  ? name + "_CONTENT"
                  : name;
          y.append("      ").append(env).append(": ${{ secrets.").append(name).append(" }}\n");
        }
      }
      y.append("    steps:\n")
          .append("      - uses: actions/checkout@v4\n")
          .append("      - uses: actions/setup-java@v4\n")
          .append("        with:\n")
          .append("          distribution: temurin\n")
          .append("          java-version: \"17\"\n")
          .append("          cache: maven\n")
          .append("      - name: commit\n")
          .append("        run: echo \"SHORT_SHA=${GITHUB_SHA::7}\" >> \"$GITHUB_ENV\"\n");
      if (s.name().equals("build")) {
        for (Pipeline.Cache c : p.caches()) {
          if (c.name().equals("maven")) {
            continue; // setup-java's cache: maven keeps ~/.m2/repository
          }
          y.append("      - uses: actions/cache@v4\n")
              .append("        with:\n")
              .append("          path: ")
              .append(c.path())
              .append('\n')
              .append("          key: ")
              .append(c.name())
              .append("-${{ hashFiles('")
              .append(c.keyFiles())
              .append("') }}\n");
        }
      } else {
        y.append("      - uses: actions/download-artifact@v4\n")
            .append("        with:\n")
            .append("          name: build\n")
            .append("          path: build\n");
      }
      for (String name : s.secrets()) {
        boolean file = p.secrets().stream().anyMatch(x -> x.name().equals(name) && x.file());
        if (file) {
          y.append("      - name: ")
              .append(name)
              .append(" file\n")
              .append("        run: |\n")
              .append("          printf '%s' \"$")
              .append(name)
              .append("_CONTENT\" > \"$RUNNER_TEMP/")
              .append(name.toLowerCase())
              .append("\"\n")
              .append("          echo \"")
              .append(name)
              .append("=$RUNNER_TEMP/")
              .append(name.toLowerCase())
              .append("\" >> \"$GITHUB_ENV\"\n");
        }
      }
      for (String c : s.commands()) {
        y.append("      - run: ").append(quote(c)).append('\n');
      }
      if (s.name().equals("build") || !s.artifacts().isEmpty()) {
        y.append("      - uses: actions/upload-artifact@v4\n")
            .append("        if: always()\n")
            .append("        with:\n")
            .append("          name: ")
            .append(s.name().equals("build") ? "build" : s.name() + "-reports")
            .append('\n')
            .append("          path: ")
            .append(s.name().equals("build") ? "build/" : String.join(" ", s.artifacts()))
            .append('\n')
            .append("          if-no-files-found: ignore\n");
      }
      previous = s.name();
    }
    return y.toString();
  }

  /** A YAML double-quoted scalar when plain would be misread; GitHub expressions stay plain. */
  static String quote(String s) {
    boolean plain =
        s.matches("[A-Za-z0-9./_-][A-Za-z0-9./_ $:=@-]*") && !s.contains(": ") && !s.endsWith(":");
    if (plain) {
      return s;
    }
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
