package dev.aviary.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code aviary resume NAME}. */
@Command(
    name = "resume",
    mixinStandardHelpOptions = true,
    description = "Continue after pause, or run an Inconclusive analysis again.")
public final class ResumeCommand implements Callable<Integer> {
  @Parameters(paramLabel = "NAME", description = "The deployment.")
  String name;

  @Mixin ControlClient client;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    return RolloutCommands.send(spec, client, name, "resume", null);
  }
}
