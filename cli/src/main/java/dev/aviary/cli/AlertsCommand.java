package dev.aviary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code aviary alerts [NAME]}: the alerts the platform evaluated that are firing. */
@Command(
    name = "alerts",
    mixinStandardHelpOptions = true,
    description = {
      "List the alerts firing on the embedded platform (aviary up), or with --history every alert"
          + " that fired, resolved or could not be delivered.",
    })
final class AlertsCommand implements Callable<Integer> {
  @Parameters(arity = "0..1", paramLabel = "NAME", description = "A deployment; all when absent.")
  String name;

  @Option(names = "--history", description = "Every alert event, oldest first.")
  boolean history;

  @Mixin ControlClient client;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try {
      JsonNode events =
          client
              .get(
                  name == null
                      ? "/api/v1/events"
                      : "/api/v1/deployments/" + ControlClient.enc(name) + "/events")
              .path("events");
      List<JsonNode> shown = history ? AlertEvents.history(events) : AlertEvents.firing(events);
      List<List<String>> rows = new ArrayList<>();
      for (JsonNode e : shown) {
        List<String> row = new ArrayList<>();
        row.add(e.path("at").asText().replaceAll("\\.\\d+Z$", "Z"));
        row.add(e.path("deployment").asText(name == null ? "" : name));
        if (history) {
          row.add(e.path("reason").asText());
        }
        row.add(e.path("message").asText());
        rows.add(row);
      }
      List<String> header =
          history
              ? List.of("AT", "DEPLOYMENT", "EVENT", "ALERT")
              : List.of("SINCE", "DEPLOYMENT", "ALERT");
      if (rows.isEmpty()) {
        out.println(history ? "No alert events." : "No alerts firing.");
      } else {
        Output.table(out, header, rows);
      }
      out.flush();
      return 0;
    } catch (ControlClient.ApiError e) {
      return ControlClient.report(spec.commandLine().getErr(), "alerts", e);
    }
  }
}
