package dev.aviary.cli;

import dev.aviary.registry.ModelRegistry;
import dev.aviary.registry.Registries;
import dev.aviary.registry.RegistryException;
import java.io.PrintWriter;
import java.time.Clock;
import picocli.CommandLine.Option;

/** {@code --registry DIR|JDBC-URL} and running a command against it. A picocli mixin. */
final class RegistryOption {
  static final int ERROR = 2;

  @Option(
      names = "--registry",
      paramLabel = "DIR|JDBC-URL",
      defaultValue = "${env:AVIARY_REGISTRY:-.aviary}",
      description =
          "The registry: a directory (SQLite, default: ${DEFAULT-VALUE}, the state directory of"
              + " aviary up; env AVIARY_REGISTRY) or a jdbc:postgresql:// URL.")
  String registry;

  interface Action {
    int run(ModelRegistry registry);
  }

  /** Opens the registry, runs {@code action}, and turns a failure into one line and exit 2. */
  int run(String command, PrintWriter err, Action action) {
    return runAs("aviary model " + command, err, action);
  }

  /** As {@link #run}, for a command outside {@code aviary model}, e.g. "aviary apply". */
  int runAs(String command, PrintWriter err, Action action) {
    try (ModelRegistry r = Registries.open(registry, Clock.systemUTC())) {
      return action.run(r);
    } catch (RegistryException e) {
      err.println(command + ": " + e.getMessage());
      err.flush();
      return ERROR;
    }
  }

  static String user() {
    return System.getProperty("user.name", "unknown");
  }
}
