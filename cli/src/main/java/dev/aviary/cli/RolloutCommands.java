package dev.aviary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import picocli.CommandLine;

/** What the command subcommands share: send one command for one deployment and say so. */
final class RolloutCommands {
  private RolloutCommands() {}

  static int send(
      CommandLine.Model.CommandSpec spec,
      ControlClient client,
      String deployment,
      String command,
      String body) {
    PrintWriter out = spec.commandLine().getOut();
    try {
      JsonNode r =
          client.post(
              "/api/v1/deployments/" + ControlClient.enc(deployment) + "/" + command,
              body == null ? "{}" : body,
              "application/json");
      out.println(
          command
              + " sent to "
              + deployment
              + " (command "
              + r.path("seq").asLong()
              + "); see: aviary describe "
              + deployment);
      out.flush();
      return 0;
    } catch (ControlClient.ApiError e) {
      return ControlClient.report(spec.commandLine().getErr(), command, e);
    }
  }
}
