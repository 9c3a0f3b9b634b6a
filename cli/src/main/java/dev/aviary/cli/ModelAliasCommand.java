package dev.aviary.cli;

import dev.aviary.registry.AliasMove;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code aviary model alias NAME VERSION ALIAS}: points an alias, keeping the move. */
@Command(
    name = "alias",
    mixinStandardHelpOptions = true,
    description = "Point ALIAS (e.g. champion) at NAME:VERSION; the move is kept in the history.")
final class ModelAliasCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "NAME", description = "The model.")
  String name;

  @Parameters(index = "1", paramLabel = "VERSION", description = "The version, e.g. 2.")
  int version;

  @Parameters(index = "2", paramLabel = "ALIAS", description = "The alias, e.g. champion.")
  String alias;

  @Mixin RegistryOption registry;
  @Mixin Output output;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    return registry.run(
        "alias",
        spec.commandLine().getErr(),
        r -> {
          AliasMove m = r.setAlias(name, version, alias, RegistryOption.user());
          if (!output.printStructured(out, ModelViews.json(m))) {
            out.println(
                m.alias()
                    + " -> "
                    + m.name()
                    + ":"
                    + m.toVersion()
                    + (m.fromVersion() == null
                        ? " (new)"
                        : m.fromVersion() == m.toVersion()
                            ? " (unchanged)"
                            : " (was " + m.name() + ":" + m.fromVersion() + ")"));
            out.flush();
          }
          return 0;
        });
  }
}
