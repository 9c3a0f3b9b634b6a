package dev.aviary.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code aviary delete NAME}. */
@Command(
    name = "delete",
    mixinStandardHelpOptions = true,
    description = "Delete a deployment: its route is removed and its replicas stop gracefully.")
public final class DeleteCommand implements Callable<Integer> {
  @Parameters(paramLabel = "NAME", description = "The deployment.")
  String name;

  @Mixin ControlClient client;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    try {
      client.delete("/api/v1/deployments/" + ControlClient.enc(name));
      spec.commandLine().getOut().println("modeldeployment/" + name + " deleted");
      spec.commandLine().getOut().flush();
      return 0;
    } catch (ControlClient.ApiError e) {
      return ControlClient.report(spec.commandLine().getErr(), "delete", e);
    }
  }
}
