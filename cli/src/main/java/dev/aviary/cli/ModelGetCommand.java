package dev.aviary.cli;

import dev.aviary.registry.ModelRef;
import dev.aviary.registry.ModelVersion;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code aviary model get NAME[:VERSION|@ALIAS]}: one version in full. */
@Command(
    name = "get",
    mixinStandardHelpOptions = true,
    description = "Show one version: signature, metrics, parameters, tags, lineage.")
final class ModelGetCommand implements Callable<Integer> {
  @Parameters(
      paramLabel = "NAME[:VERSION|@ALIAS]",
      description = "The version; the latest for a bare name.")
  String ref;

  @Mixin RegistryOption registry;
  @Mixin Output output;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    return registry.run(
        "get",
        spec.commandLine().getErr(),
        r -> {
          ModelVersion v = r.get(ModelRef.parse(ref));
          if (!output.printStructured(out, ModelViews.json(v))) {
            ModelViews.describe(out, v);
          }
          return 0;
        });
  }
}
