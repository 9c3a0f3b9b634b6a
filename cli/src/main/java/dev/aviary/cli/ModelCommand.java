package dev.aviary.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code aviary model ...}: the model registry. */
@Command(
    name = "model",
    mixinStandardHelpOptions = true,
    description = {
      "The model registry: versions with signature and lineage, aliases with their history.",
      "Exit status: 0 done, 2 bad input or an unusable registry."
    },
    subcommands = {
      ModelRegisterCommand.class,
      ModelListCommand.class,
      ModelGetCommand.class,
      ModelAliasCommand.class,
      ModelLineageCommand.class,
      ModelDownloadCommand.class,
      ModelDeleteCommand.class,
      ModelEvaluateCommand.class
    })
public final class ModelCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
