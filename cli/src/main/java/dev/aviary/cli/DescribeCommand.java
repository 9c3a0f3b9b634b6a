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
    try {
      return print(DeploymentReader.of(client), name, output, spec.commandLine().getOut());
    } catch (ControlClient.ApiError e) {
      return ControlClient.report(spec.commandLine().getErr(), "describe", e);
    }
  }

  static int print(DeploymentReader reader, String name, Output output, PrintWriter out)
      throws ControlClient.ApiError {
    JsonNode d = reader.deployment(name);
    JsonNode events = reader.events(name).path("events");
    if (output.printStructured(out, d)) {
      return 0;
    }
    Describe.print(out, d, events, 15);
    return 0;
  }
}
