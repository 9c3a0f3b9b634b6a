package dev.aviary.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code aviary pause NAME}. */
@Command(
    name = "pause",
    mixinStandardHelpOptions = true,
    description = "Hold the rollout where it is (steps do not advance, no measurements).")
public final class PauseCommand implements Callable<Integer> {
  @Parameters(paramLabel = "NAME", description = "The deployment.")
  String name;

  @Mixin ControlClient client;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    return RolloutCommands.send(spec, client, name, "pause", null);
  }
}
