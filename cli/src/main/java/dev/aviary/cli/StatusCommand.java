package dev.aviary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aviary.engine.Revision;
import dev.aviary.spec.SpecDocuments;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code aviary status NAME [--watch | --wait]}: one line of progress; a live view; or, for CI,
 * wait for the rollout to end (exit 0 Healthy, 1 Degraded, 2 timeout).
 */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Show where a rollout stands.",
      "--watch redraws a live view until interrupted; --wait blocks until the rollout of the"
          + " applied spec ends: exit 0 when Healthy, 1 when Degraded (aborted, rolled back),"
          + " 2 on timeout."
    })
public final class StatusCommand implements Callable<Integer> {
  @Parameters(paramLabel = "NAME", description = "The deployment.")
  String name;

  @Option(names = "--watch", description = "Live progress view, redrawn every second.")
  boolean watch;

  @Option(
      names = "--wait",
      description = "Wait for the rollout to end (exit 0 Healthy, 1 Degraded, 2 timeout).")
  boolean waitForEnd;

  @Option(
      names = "--timeout",
      defaultValue = "10m",
      converter = ServeCommand.DurationConverter.class,
      description = "How long --wait waits (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Mixin ControlClient client;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    String path = "/api/v1/deployments/" + ControlClient.enc(name);
    Instant deadline = Instant.now().plus(timeout);
    String lastLine = null;
    try {
      while (true) {
        JsonNode d = client.get(path);
        if (watch) {
          JsonNode events = client.get(path + "/events").path("events");
          out.print("\033[H\033[2J");
          Describe.print(out, d, events, 8);
        } else {
          String line = line(d);
          if (!line.equals(lastLine)) {
            out.println(line);
            out.flush();
            lastLine = line;
          }
          if (!waitForEnd) {
            return 0;
          }
          Integer end = ended(d);
          if (end != null) {
            return end;
          }
          if (Instant.now().isAfter(deadline)) {
            spec.commandLine().getErr().println("aviary status: timed out after " + timeout);
            spec.commandLine().getErr().flush();
            return 2;
          }
        }
        Thread.sleep(1000);
      }
    } catch (ControlClient.ApiError e) {
      return ControlClient.report(spec.commandLine().getErr(), "status", e);
    }
  }

  static String line(JsonNode d) {
    JsonNode s = d.path("status");
    return s.path("phase").asText("Pending")
        + "  step "
        + s.path("currentStep").asInt()
        + "  weights "
        + Describe.weights(s.path("weights"))
        + "  "
        + s.path("message").asText("");
  }

  /** 0 Healthy, 1 Degraded, null while the applied spec's rollout is still going. */
  static Integer ended(JsonNode d) {
    JsonNode s = d.path("status");
    String desired;
    try {
      desired =
          Revision.idOf(SpecDocuments.parse(d.path("spec").toString()).deployments().get(0).spec());
    } catch (Exception e) {
      desired = null;
    }
    if (desired != null && !desired.equals(s.path("observedRevision").asText())) {
      return null; // the engine has not seen the applied spec yet
    }
    return switch (s.path("phase").asText("")) {
      case "Healthy" -> 0;
      case "Degraded", "Invalid" -> 1;
      default -> null;
    };
  }
}
