package dev.aviary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code aviary apply -f FILE}: creates or updates deployments and templates. */
@Command(
    name = "apply",
    mixinStandardHelpOptions = true,
    description = "Create or update ModelDeployments and AnalysisTemplates from YAML or JSON.")
public final class ApplyCommand implements Callable<Integer> {
  @Option(
      names = {"-f", "--file"},
      required = true,
      paramLabel = "FILE",
      description = "Spec file; - reads standard input.")
  String file;

  @Mixin ControlClient client;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
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
      r.path("applied").forEach(a -> out.println(a.asText()));
      out.flush();
      return 0;
    } catch (ControlClient.ApiError e) {
      return ControlClient.report(err, "apply", e);
    }
  }
}
