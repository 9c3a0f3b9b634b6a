package dev.aviary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aviary.durations.Durations;
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
 * wait for the rollout to end (exit 0 Healthy, 1 Degraded, 2 timeout, 4 paused for a command).
 */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Show where a rollout stands.",
      "--watch redraws a live view until interrupted; --wait blocks until the rollout of the"
          + " applied spec ends: exit 0 when Healthy, 1 when Degraded (aborted, rolled back),"
          + " 2 on timeout, 4 when it is paused and waits for promote or resume (unless"
          + " --through-pauses)."
    })
public final class StatusCommand implements Callable<Integer> {
  @Parameters(paramLabel = "NAME", description = "The deployment.")
  String name;

  @Option(names = "--watch", description = "Live progress view, redrawn every second.")
  boolean watch;

  @Option(
      names = "--wait",
      description =
          "Wait for the rollout to end (exit 0 Healthy, 1 Degraded, 2 timeout, 4 paused until"
              + " promote or resume).")
  boolean waitForEnd;

  @Option(
      names = "--through-pauses",
      description =
          "With --wait: keep waiting while the rollout is paused (someone else promotes or"
              + " resumes it) instead of stopping with exit 4.")
  boolean throughPauses;

  /** How the commands that end a pause are spelled for this backend. */
  String commandPrefix = "aviary ";

  /** Exit status of --wait at a pause that only a command ends. */
  static final int PAUSED = 4;

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
    try {
      return follow(
          DeploymentReader.of(client), spec.commandLine().getOut(), spec.commandLine().getErr());
    } catch (ControlClient.ApiError e) {
      return ControlClient.report(spec.commandLine().getErr(), "status", e);
    }
  }

  /** One line, a live view ({@code --watch}) or a wait for the end ({@code --wait}). */
  int follow(DeploymentReader reader, PrintWriter out, PrintWriter err)
      throws ControlClient.ApiError, InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    String lastLine = null;
    while (true) {
      JsonNode d = reader.deployment(name);
      if (watch) {
        JsonNode events = reader.events(name).path("events");
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
        String awaited = throughPauses ? null : pausedUntil(d);
        if (awaited != null) {
          err.println(
              "aviary status: "
                  + name
                  + " is paused and waits for `"
                  + commandPrefix
                  + awaited
                  + " "
                  + name
                  + "` (exit "
                  + PAUSED
                  + "; --through-pauses keeps waiting)");
          err.flush();
          return PAUSED;
        }
        if (Instant.now().isAfter(deadline)) {
          err.println("aviary status: timed out after " + Durations.format(timeout));
          err.flush();
          return 2;
        }
      }
      Thread.sleep(1000);
    }
  }

  /**
   * Waits as {@code --wait} does for each ModelDeployment among {@code applied} (the lines apply
   * prints, "modeldeployment/NAME configured"), one after the other: each one's exit status by
   * name, in order.
   */
  static java.util.Map<String, Integer> waitForApplied(
      java.util.List<String> applied,
      DeploymentReader reader,
      Duration timeout,
      String commandPrefix,
      PrintWriter out,
      PrintWriter err)
      throws ControlClient.ApiError, InterruptedException {
    java.util.Map<String, Integer> ends = new java.util.LinkedHashMap<>();
    for (String a : applied) {
      if (!a.startsWith("modeldeployment/")) {
        continue;
      }
      StatusCommand status = new StatusCommand();
      int space = a.indexOf(' ');
      status.name = a.substring("modeldeployment/".length(), space < 0 ? a.length() : space);
      status.waitForEnd = true;
      status.timeout = timeout;
      status.commandPrefix = commandPrefix;
      ends.put(status.name, status.follow(reader, out, err));
    }
    return ends;
  }

  /** The exit status of waiting for several: the worst one. */
  static int worst(java.util.Map<String, Integer> ends) {
    return ends.values().stream().mapToInt(Integer::intValue).max().orElse(0);
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

  /**
   * The command that ends the pause the applied spec's rollout stands at ({@code promote} for a
   * {@code pause: {}} step or an inconclusive analysis, {@code resume} for a pause command), or
   * null when it is not paused.
   */
  static String pausedUntil(JsonNode d) {
    JsonNode s = d.path("status");
    if (!observedTheAppliedSpec(d) || !s.path("phase").asText("").equals("Paused")) {
      return null;
    }
    return switch (s.path("pause").asText("")) {
      case "Step", "Inconclusive" -> "promote";
      case "Command" -> "resume";
      default -> null;
    };
  }

  private static boolean observedTheAppliedSpec(JsonNode d) {
    String desired;
    try {
      desired =
          Revision.idOf(SpecDocuments.parse(d.path("spec").toString()).deployments().get(0).spec());
    } catch (Exception e) {
      desired = null;
    }
    return desired == null || desired.equals(d.path("status").path("observedRevision").asText());
  }

  /** 0 Healthy, 1 Degraded, null while the applied spec's rollout is still going. */
  static Integer ended(JsonNode d) {
    JsonNode s = d.path("status");
    if (!observedTheAppliedSpec(d)) {
      return null; // the engine has not seen the applied spec yet
    }
    return switch (s.path("phase").asText("")) {
      case "Healthy" -> 0;
      case "Degraded", "Invalid" -> 1;
      default -> null;
    };
  }
}
