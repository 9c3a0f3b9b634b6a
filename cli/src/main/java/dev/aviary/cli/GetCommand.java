package dev.aviary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code aviary get [NAME]}: lists deployments, or shows one (spec and status). */
@Command(
    name = "get",
    mixinStandardHelpOptions = true,
    description = "List deployments, or show one with its spec and status.")
public final class GetCommand implements Callable<Integer> {
  @Parameters(arity = "0..1", paramLabel = "NAME", description = "A deployment; all when absent.")
  String name;

  @Mixin ControlClient client;
  @Mixin Output output;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    try {
      return print(DeploymentReader.of(client), name, output, spec.commandLine().getOut());
    } catch (ControlClient.ApiError e) {
      return ControlClient.report(spec.commandLine().getErr(), "get", e);
    }
  }

  /** Prints one deployment ({@code name}) or all of them (null), as a table or {@code -o}. */
  static int print(DeploymentReader reader, String name, Output output, PrintWriter out)
      throws ControlClient.ApiError {
    JsonNode r = name == null ? reader.list() : reader.deployment(name);
    if (output.printStructured(out, r)) {
      return 0;
    }
    List<List<String>> rows = new ArrayList<>();
    if (name == null) {
      for (JsonNode d : r.path("deployments")) {
        rows.add(row(d.path("name").asText(), d));
      }
    } else {
      JsonNode s = r.path("status");
      ObjectSummary sum = new ObjectSummary(s);
      rows.add(List.of(name, sum.phase, sum.stable, sum.candidate, sum.weights, sum.message));
    }
    Output.table(out, List.of("NAME", "PHASE", "STABLE", "CANDIDATE", "WEIGHTS", "MESSAGE"), rows);
    return 0;
  }

  private static List<String> row(String name, JsonNode d) {
    return List.of(
        name,
        d.path("phase").asText(),
        text(d.path("stable")),
        text(d.path("candidate")),
        Describe.weights(d.path("weights")),
        d.path("message").asText(""));
  }

  private static String text(JsonNode n) {
    return n.isMissingNode() || n.isNull() ? "-" : n.asText();
  }

  /** The short form of a full status. */
  private static final class ObjectSummary {
    final String phase;
    final String stable;
    final String candidate;
    final String weights;
    final String message;

    ObjectSummary(JsonNode s) {
      phase = s.path("phase").asText("Pending");
      stable = Describe.revision(s.path("stable"));
      candidate = Describe.revision(s.path("candidate"));
      weights = Describe.weights(s.path("weights"));
      message = s.path("message").asText("");
    }
  }
}
