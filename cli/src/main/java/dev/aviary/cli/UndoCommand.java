package dev.aviary.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code aviary undo NAME [--to-revision N]}. */
@Command(
    name = "undo",
    mixinStandardHelpOptions = true,
    description =
        "Go back to the previous revision (instantly while it is still up), or to revision N.")
public final class UndoCommand implements Callable<Integer> {
  @Parameters(paramLabel = "NAME", description = "The deployment.")
  String name;

  @Option(
      names = "--to-revision",
      paramLabel = "N",
      description = "Revision number to go back to (see aviary describe).")
  Integer toRevision;

  @Mixin ControlClient client;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    if (toRevision != null && toRevision < 1) {
      spec.commandLine()
          .getErr()
          .println("aviary undo: --to-revision: must be 1 or more, got " + toRevision);
      return 2;
    }
    return RolloutCommands.send(
        spec,
        client,
        name,
        "undo",
        toRevision == null ? "{}" : "{\"toRevision\":" + toRevision + "}");
  }
}
