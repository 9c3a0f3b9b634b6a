package dev.aviary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code aviary describe NAME}: status, steps, weights, every measurement, recent events. */
@Command(
    name = "describe",
    mixinStandardHelpOptions = true,
    description =
        "Show a deployment in detail: status, steps (current one marked), weights, replicas, every"
            + " analysis measurement, recent events.")
public final class DescribeCommand implements Callable<Integer> {
  @Parameters(paramLabel = "NAME", description = "The deployment.")
  String name;

  @Mixin ControlClient client;
  @Mixin Output output;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try {
      JsonNode d = client.get("/api/v1/deployments/" + ControlClient.enc(name));
      JsonNode events =
          client.get("/api/v1/deployments/" + ControlClient.enc(name) + "/events").path("events");
      if (output.printStructured(out, d)) {
        return 0;
      }
      Describe.print(out, d, events, 15);
      return 0;
    } catch (ControlClient.ApiError e) {
      return ControlClient.report(spec.commandLine().getErr(), "describe", e);
    }
  }
}
