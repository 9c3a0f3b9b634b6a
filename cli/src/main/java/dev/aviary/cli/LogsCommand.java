package dev.aviary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code aviary logs NAME [--revision R] [--follow]}: the replicas' logs. */
@Command(
    name = "logs",
    mixinStandardHelpOptions = true,
    description =
        "Print the replicas' logs of a deployment, each line prefixed with revision/replica.")
public final class LogsCommand implements Callable<Integer> {
  @Parameters(paramLabel = "NAME", description = "The deployment.")
  String name;

  @Option(
      names = "--revision",
      paramLabel = "R",
      description = "Only this revision (id or id prefix).")
  String revision;

  @Option(
      names = "--tail",
      defaultValue = "50",
      description = "Lines per replica to start with (default: ${DEFAULT-VALUE}).")
  int tail;

  @Option(
      names = {"-f", "--follow"},
      description = "Keep printing new lines until interrupted.")
  boolean follow;

  @Mixin ControlClient client;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    String base =
        "/api/v1/deployments/"
            + ControlClient.enc(name)
            + "/logs?tail="
            + tail
            + (revision == null ? "" : "&revision=" + ControlClient.enc(revision));
    Map<String, Long> offsets = new LinkedHashMap<>();
    try {
      while (true) {
        StringBuilder q = new StringBuilder(base);
        offsets.forEach((k, v) -> q.append("&from=").append(ControlClient.enc(k + ":" + v)));
        JsonNode r = client.get(q.toString());
        for (JsonNode f : r.path("files")) {
          String key = f.path("replica").asText();
          f.path("text").asText().lines().forEach(l -> out.println(key + " | " + l));
          offsets.put(key, f.path("size").asLong());
        }
        out.flush();
        if (!follow) {
          return 0;
        }
        Thread.sleep(1000);
      }
    } catch (ControlClient.ApiError e) {
      return ControlClient.report(spec.commandLine().getErr(), "logs", e);
    }
  }
}
