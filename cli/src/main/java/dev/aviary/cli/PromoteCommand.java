package dev.aviary.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code aviary promote NAME [--full]}. */
@Command(
    name = "promote",
    mixinStandardHelpOptions = true,
    description =
        "Finish the current step or pause (blue/green: open the promotion gate); with --full, skip"
            + " every remaining step and analysis.")
public final class PromoteCommand implements Callable<Integer> {
  @Parameters(paramLabel = "NAME", description = "The deployment.")
  String name;

  @Option(names = "--full", description = "Skip all remaining steps and analyses.")
  boolean full;

  @Mixin ControlClient client;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    return RolloutCommands.send(spec, client, name, "promote", "{\"full\":" + full + "}");
  }
}
