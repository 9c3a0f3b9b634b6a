package dev.aviary.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code aviary monitor dashboard}: the Grafana dashboard JSON. */
@Command(
    name = "dashboard",
    mixinStandardHelpOptions = true,
    description = "Write the Grafana dashboard of Aviary's metrics (JSON, Prometheus data source).")
final class MonitorDashboardCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "Write to FILE instead of standard output.")
  Path output;

  @Override
  public Integer call() {
    return MonitorCommand.write(spec, output, GrafanaDashboard.json());
  }
}
