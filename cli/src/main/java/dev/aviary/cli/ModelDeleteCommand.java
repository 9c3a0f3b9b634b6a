package dev.aviary.cli;

import dev.aviary.registry.ModelRef;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code aviary model delete NAME:VERSION}: removes a version no alias points at. */
@Command(
    name = "delete",
    mixinStandardHelpOptions = true,
    description = "Delete a version; refused while an alias points at it.")
final class ModelDeleteCommand implements Callable<Integer> {
  @Parameters(paramLabel = "NAME:VERSION", description = "The version, e.g. fraud:1.")
  String ref;

  @Mixin RegistryOption registry;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    return registry.run(
        "delete",
        spec.commandLine().getErr(),
        r -> {
          ModelRef exact = ModelRef.parseExact(ref);
          r.delete(exact.name(), exact.version());
          out.println("deleted " + exact);
          out.flush();
          return 0;
        });
  }
}
