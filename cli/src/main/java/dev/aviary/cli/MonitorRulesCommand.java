package dev.aviary.cli;

import dev.aviary.analysis.alert.AlertRules;
import dev.aviary.spec.ModelDeployment;
import dev.aviary.spec.Monitoring;
import dev.aviary.spec.Problem;
import dev.aviary.spec.SpecDocuments;
import dev.aviary.spec.SpecReadException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code aviary monitor rules}: Prometheus alerting and recording rules from spec.monitoring. */
@Command(
    name = "rules",
    mixinStandardHelpOptions = true,
    description = {
      "Write Prometheus alerting and recording rules: with -f, one group per ModelDeployment from"
          + " its spec.monitoring; without, the default rules over every Aviary model.",
      "Exit status: 0 written, 1 invalid spec, 2 unreadable input or bad option."
    })
final class MonitorRulesCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = {"-f", "--file"},
      paramLabel = "FILE",
      description = "ModelDeployment YAML or JSON (several documents allowed).")
  Path file;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description =
          "rules (a Prometheus rule file, default) or prometheus-rule (a PrometheusRule).")
  String format = "rules";

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "Write to FILE instead of standard output.")
  Path output;

  @Option(
      names = "--runbook-base",
      paramLabel = "URL",
      description =
          "Prefix of the runbook_url annotations; the alert's name in lower case is appended"
              + " (default: ${DEFAULT-VALUE}).")
  String runbookBase = AlertRules.DEFAULT_RUNBOOK_BASE;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    if (!format.equals("rules") && !format.equals("prometheus-rule")) {
      err.println("monitor rules: --format must be rules or prometheus-rule, got '" + format + "'");
      return 2;
    }
    Map<String, AlertRules> groups = new LinkedHashMap<>();
    String name = "aviary";
    if (file == null) {
      groups.put("aviary", AlertRules.forAll(Monitoring.DEFAULT).withRunbookBase(runbookBase));
    } else {
      SpecDocuments docs;
      try {
        docs = SpecDocuments.parse(Files.readString(file));
      } catch (IOException | SpecReadException e) {
        err.println(file + ": " + e.getMessage());
        return 2;
      }
      if (!docs.valid()) {
        for (Problem p : docs.problems()) {
          err.println(file + ": " + p);
        }
        return 1;
      }
      if (docs.deployments().isEmpty()) {
        err.println(file + ": no ModelDeployment");
        return 1;
      }
      for (ModelDeployment md : docs.deployments()) {
        String deployment = md.metadata().name();
        groups.put(
            "aviary-" + deployment,
            AlertRules.forDeployment(md.spec().monitoring(), md.spec().model().name(), deployment)
                .withRunbookBase(runbookBase));
      }
      name = docs.deployments().size() == 1 ? groups.keySet().iterator().next() : "aviary";
    }
    String text =
        format.equals("rules") ? RuleFiles.rules(groups) : RuleFiles.prometheusRule(name, groups);
    return MonitorCommand.write(spec, output, text);
  }
}
