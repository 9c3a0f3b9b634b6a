package dev.aviary.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code aviary retry NAME}. */
@Command(
    name = "retry",
    mixinStandardHelpOptions = true,
    description = "Restart an aborted rollout from its first step.")
public final class RetryCommand implements Callable<Integer> {
  @Parameters(paramLabel = "NAME", description = "The deployment.")
  String name;

  @Mixin ControlClient client;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    return RolloutCommands.send(spec, client, name, "retry", null);
  }
}
