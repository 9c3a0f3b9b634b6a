package dev.aviary.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code aviary} command: one subcommand per job. */
@Command(
    name = "aviary",
    mixinStandardHelpOptions = true,
    versionProvider = AviaryCli.Version.class,
    description = "Ship machine-learning models to production safely.",
    modelTransformer = RolloutCommand.OnPlatform.class,
    subcommands = {
      CommandLine.HelpCommand.class,
      ServeCommand.class,
      GatewayCommand.class,
      ValidateCommand.class,
      TrainCommand.class,
      UpCommand.class,
      ApplyCommand.class,
      GetCommand.class,
      DescribeCommand.class,
      StatusCommand.class,
      LogsCommand.class,
      ModelCommand.class,
      dev.aviary.cli.demo.DemoCommand.class,
      OperatorCommand.class,
      RenderCommand.class,
      DriftCommand.class,
      ProfileCommand.class,
      CiCommand.class,
      PipelineCommand.class,
      KubeCommand.class,
      ImageCommand.class,
      MonitorCommand.class,
      AlertsCommand.class
    })
public final class AviaryCli implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    // Not for serve: the rewrite's class refers to the Kubernetes client, which serve never needs.
    String[] command = isServe(args) ? args : KubeCommand.rewrite(args);
    System.exit(commandLine(command).execute(command));
  }

  /**
   * The command line for these arguments. {@code serve} gets a root with that one subcommand:
   * picocli instantiates every registered subcommand up front, and the others pull in HTTP clients
   * (with TLS set-up), YAML, the Kubernetes client and the embedded platform, which cost the model
   * server about a second of start-up on a busy machine. Its usage and errors read the same.
   */
  static CommandLine commandLine(String[] args) {
    if (isServe(args)) {
      return new CommandLine(new ServeOnly());
    }
    return new CommandLine(new AviaryCli());
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  private static boolean isServe(String[] args) {
    return args.length > 0 && args[0].equals("serve");
  }

  /** The root for {@code aviary serve ...}: see {@link #commandLine}. */
  @Command(name = "aviary", subcommands = ServeCommand.class)
  static final class ServeOnly {}

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = AviaryCli.class.getPackage().getImplementationVersion();
      return new String[] {"aviary " + (v == null ? "development build" : v)};
    }
  }
}
