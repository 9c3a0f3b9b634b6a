package dev.aviary.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code aviary abort NAME}. */
@Command(
    name = "abort",
    mixinStandardHelpOptions = true,
    description =
        "Abort the rollout: all traffic back to stable, then the candidate is scaled down.")
public final class AbortCommand implements Callable<Integer> {
  @Parameters(paramLabel = "NAME", description = "The deployment.")
  String name;

  @Mixin ControlClient client;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    return RolloutCommands.send(spec, client, name, "abort", null);
  }
}
