package dev.aviary.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

/** {@code aviary monitor}: what Prometheus and Grafana need to watch Aviary. */
@Command(
    name = "monitor",
    description = "Write Prometheus rules and the Grafana dashboard for Aviary's metrics.",
    mixinStandardHelpOptions = true,
    subcommands = {MonitorRulesCommand.class, MonitorDashboardCommand.class})
final class MonitorCommand {

  /** Writes {@code text} to {@code file}, or to standard output without one; the exit status. */
  static int write(CommandSpec spec, Path file, String text) {
    if (file == null) {
      spec.commandLine().getOut().print(text);
      spec.commandLine().getOut().flush();
      return 0;
    }
    try {
      Files.writeString(file, text);
      return 0;
    } catch (IOException e) {
      spec.commandLine().getErr().println(file + ": cannot write: " + e.getMessage());
      return 2;
    }
  }
}
