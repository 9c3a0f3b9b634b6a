package dev.aviary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aviary.registry.Names;
import dev.aviary.registry.RegistryException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code aviary apply -f FILE}: creates or updates deployments and templates. */
@Command(
    name = "apply",
    mixinStandardHelpOptions = true,
    description = {
      "Create or update ModelDeployments and AnalysisTemplates from YAML or JSON.",
      "--wait then waits for the rollout of each applied deployment as `status --wait` does,"
          + " with its exit statuses; --promote-alias then points a registry alias at the"
          + " registered version now serving when the rollout ends Healthy."
    })
public final class ApplyCommand implements Callable<Integer> {
  @Option(
      names = {"-f", "--file"},
      required = true,
      paramLabel = "FILE",
      description = "Spec file; - reads standard input.")
  String file;

  @Option(names = "--wait", description = "Wait for the rollout of each applied deployment.")
  boolean waitForEnd;

  @Option(
      names = "--timeout",
      defaultValue = "10m",
      converter = ServeCommand.DurationConverter.class,
      description = "How long --wait waits (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(
      names = "--promote-alias",
      paramLabel = "ALIAS",
      description =
          "With --wait: when a rollout ends Healthy, point ALIAS of spec.model.name in --registry"
              + " at the registered version with the served file's sha256; it stays where it was"
              + " otherwise.")
  String promoteAlias;

  @Mixin ControlClient client;
  @Mixin RegistryOption registry;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (promoteAlias != null && !waitForEnd) {
      err.println("aviary apply: --promote-alias needs --wait");
      return 2;
    }
    if (promoteAlias != null) {
      try {
        Names.checkAlias(promoteAlias);
      } catch (RegistryException e) {
        err.println("aviary apply: --promote-alias: " + e.getMessage());
        return 2;
      }
    }
    String text;
    try {
      text =
          file.equals("-") ? new String(System.in.readAllBytes()) : Files.readString(Path.of(file));
    } catch (NoSuchFileException e) {
      err.println("aviary apply: -f " + file + ": no such file");
      return 2;
    } catch (IOException e) {
      err.println("aviary apply: -f " + file + ": cannot read it: " + e.getMessage());
      return 2;
    }
    try {
      JsonNode r = client.post("/api/v1/apply", text, "application/yaml");
      List<String> applied = new ArrayList<>();
      r.path("applied").forEach(a -> applied.add(a.asText()));
      applied.forEach(out::println);
      out.flush();
      if (!waitForEnd) {
        return 0;
      }
      DeploymentReader reader = DeploymentReader.of(client);
      Map<String, Integer> ends =
          StatusCommand.waitForApplied(applied, reader, timeout, "aviary ", out, err);
      int worst = StatusCommand.worst(ends);
      if (promoteAlias == null || worst != 0) {
        return worst;
      }
      List<JsonNode> healthy = new ArrayList<>();
      for (String name : ends.keySet()) {
        healthy.add(reader.deployment(name));
      }
      return registry.runAs(
          "aviary apply --promote-alias",
          err,
          reg -> {
            healthy.forEach(
                d ->
                    out.println(
                        AliasPromotion.promote(reg, d, promoteAlias, RegistryOption.user())));
            out.flush();
            return 0;
          });
    } catch (ControlClient.ApiError e) {
      return ControlClient.report(err, "apply", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 2;
    }
  }
}
