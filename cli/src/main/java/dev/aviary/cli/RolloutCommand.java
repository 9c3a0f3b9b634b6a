package dev.aviary.cli;

import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Parameters;

/**
 * {@code aviary VERB NAME} and {@code aviary --kube VERB NAME} for every {@link RolloutVerb}: one
 * command class, the verb as data, the backend chosen by where the command is registered ({@link
 * OnPlatform} for the top level, {@link OnCluster} under {@code kube}).
 */
@Command(mixinStandardHelpOptions = true)
final class RolloutCommand implements Callable<Integer> {
  @Parameters(paramLabel = "NAME", description = "The deployment.")
  String name;

  @CommandLine.Spec CommandSpec spec;

  private final RolloutVerb verb;
  private final Supplier<RolloutBackend> backend;

  private RolloutCommand(RolloutVerb verb, Supplier<RolloutBackend> backend) {
    this.verb = verb;
    this.backend = backend;
  }

  /** The command line of one verb; {@code backend} is asked once the arguments are parsed. */
  private static CommandLine commandLine(RolloutVerb verb, Supplier<RolloutBackend> backend) {
    CommandLine cl = new CommandLine(new RolloutCommand(verb, backend));
    CommandSpec spec = cl.getCommandSpec();
    spec.name(verb.command);
    spec.usageMessage().description(verb.description);
    switch (verb.extra) {
      case FULL ->
          spec.addOption(
              OptionSpec.builder("--full")
                  .type(boolean.class)
                  .arity("0")
                  .description("Skip all remaining steps and analyses.")
                  .build());
      case TO_REVISION ->
          spec.addOption(
              OptionSpec.builder("--to-revision")
                  .type(Integer.class)
                  .paramLabel("N")
                  .description("Revision number to go back to (see aviary describe).")
                  .build());
      case NONE -> {}
    }
    return cl;
  }

  @Override
  public Integer call() {
    OptionSpec full = spec.findOption("--full");
    OptionSpec toRevision = spec.findOption("--to-revision");
    RolloutRequest request =
        new RolloutRequest(
            verb,
            name,
            full != null && Boolean.TRUE.equals(full.getValue()),
            toRevision == null ? null : toRevision.getValue());
    if (request.toRevision() != null && request.toRevision() < 1) {
      spec.commandLine()
          .getErr()
          .println(
              "aviary "
                  + verb.command
                  + ": --to-revision: must be 1 or more, got "
                  + request.toRevision());
      return 2;
    }
    return backend.get().send(request, spec.commandLine().getOut(), spec.commandLine().getErr());
  }

  /** Adds every verb to {@code aviary}, sent to the control API of {@code aviary up}. */
  static final class OnPlatform implements CommandLine.IModelTransformer {
    @Override
    public CommandSpec transform(CommandSpec aviary) {
      for (RolloutVerb verb : RolloutVerb.values()) {
        ControlClient client = new ControlClient();
        CommandLine cl = commandLine(verb, () -> new RolloutBackend.ControlApi(client));
        cl.getCommandSpec().addMixin("client", CommandSpec.forAnnotatedObject(client));
        aviary.addSubcommand(verb.command, cl);
      }
      return aviary;
    }
  }

  /** Adds every verb to {@code aviary kube}, sent to the cluster of the current kubeconfig. */
  static final class OnCluster implements CommandLine.IModelTransformer {
    @Override
    public CommandSpec transform(CommandSpec kube) {
      KubeCommand parent = (KubeCommand) kube.userObject();
      for (RolloutVerb verb : RolloutVerb.values()) {
        kube.addSubcommand(
            verb.command, commandLine(verb, () -> new RolloutBackend.Cluster(parent)));
      }
      return kube;
    }
  }
}
