package dev.aviary.cli.cicd;

import dev.aviary.cli.cicd.Pipeline.Stage;

/**
 * {@code Jenkinsfile} (declarative): one stage per pipeline stage; secrets are Jenkins credentials
 * bound with {@code credentials()} in the stage's environment; the deploy stage waits for an {@code
 * input} (the approval); reports are archived.
 */
public final class JenkinsPipeline {
  public static final String PATH = "Jenkinsfile";

  private JenkinsPipeline() {}

  public static String render(Pipeline p) {
    StringBuilder g = new StringBuilder(Generated.header("//", p, "jenkins"));
    g.append("pipeline {\n")
        .append("  agent any\n")
        .append("  options {\n")
        .append("    disableConcurrentBuilds()\n")
        .append("    timestamps()\n")
        .append("  }\n")
        .append("  environment {\n");
    for (Pipeline.Variable v : p.variables()) {
      g.append("    ").append(v.name()).append(" = ").append(groovy(v.value())).append('\n');
    }
    g.append("    SHA = \"${env.GIT_COMMIT}\"\n")
        .append("    SHORT_SHA = \"${env.GIT_COMMIT?.take(7)}\"\n")
        .append("  }\n")
        .append("  stages {\n");
    for (Stage s : p.stages()) {
      g.append("    stage('").append(s.name()).append("') {\n");
      if (s.approval() != null) {
        g.append("      input {\n")
            .append("        message 'Deploy ")
            .append(p.model())
            .append(" to ")
            .append(s.approval())
            .append("?'\n")
            .append("        ok 'Deploy'\n")
            .append("      }\n");
      }
      if (!s.secrets().isEmpty()) {
        g.append("      environment {\n");
        for (String name : s.secrets()) {
          g.append("        ")
              .append(name)
              .append(" = credentials('")
              .append(name.toLowerCase().replace('_', '-'))
              .append("')\n");
        }
        g.append("      }\n");
      }
      g.append("      steps {\n");
      for (String c : s.commands()) {
        g.append("        sh ").append(groovy(c)).append('\n');
      }
      g.append("      }\n");
      if (!s.artifacts().isEmpty()) {
        g.append("      post {\n")
            .append("        always {\n")
            .append("          archiveArtifacts artifacts: '")
            .append(
                String.join(
                    ",", s.artifacts().stream().map(a -> a.endsWith("/") ? a + "**" : a).toList()))
            .append("', allowEmptyArchive: true\n")
            .append("        }\n")
            .append("      }\n");
      }
      g.append("    }\n");
    }
    g.append("  }\n").append("}\n");
    return g.toString();
  }

  /** A single-quoted Groovy string: no interpolation, so the shell expands $NAME. */
  static String groovy(String s) {
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
