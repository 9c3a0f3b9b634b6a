package dev.aviary.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code aviary} command: one subcommand per job. */
@Command(
    name = "aviary",
    mixinStandardHelpOptions = true,
    versionProvider = AviaryCli.Version.class,
    description = "Ship machine-learning models to production safely.",
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
      PromoteCommand.class,
      AbortCommand.class,
      RetryCommand.class,
      UndoCommand.class,
      PauseCommand.class,
      ResumeCommand.class,
      DeleteCommand.class,
      LogsCommand.class,
      dev.aviary.cli.demo.DemoCommand.class,
      OperatorCommand.class,
      RenderCommand.class,
      KubeCommand.class
    })
public final class AviaryCli implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(new CommandLine(new AviaryCli()).execute(KubeCommand.rewrite(args)));
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = AviaryCli.class.getPackage().getImplementationVersion();
      return new String[] {"aviary " + (v == null ? "development build" : v)};
    }
  }
}
