package dev.aviary.cli;

import dev.aviary.operator.OperatorSettings;
import dev.aviary.operator.Render;
import dev.aviary.operator.traffic.TrafficProviders;
import dev.aviary.spec.SpecDocuments;
import dev.aviary.spec.SpecReadException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code aviary render -f spec.yaml}: the Kubernetes manifests the operator would create. */
@Command(
    name = "render",
    description = {
      "Print every Kubernetes manifest the operator creates for a spec at its initial state",
      "(revision Deployment, Services, routing), for review, GitOps or kubectl apply.",
      "Exit status: 0 rendered, 1 invalid spec, 2 unreadable input."
    },
    sortOptions = false)
final class RenderCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  boolean help;

  @Option(
      names = {"-f", "--file"},
      required = true,
      paramLabel = "FILE",
      description = "Spec file: one ModelDeployment and the AnalysisTemplates it uses.")
  Path file;

  @Option(
      names = "--traffic",
      paramLabel = "PROVIDER",
      description = "aviary, gateway-api, istio or replicas (default: the spec's, else aviary).")
  String traffic;

  @Option(
      names = {"-n", "--namespace"},
      defaultValue = "default",
      paramLabel = "NS",
      description = "Namespace of the manifests (default: ${DEFAULT-VALUE}).")
  String namespace;

  @Option(
      names = "--server-image",
      defaultValue = OperatorSettings.DEFAULT_IMAGE,
      paramLabel = "IMAGE",
      description = "Image that runs `aviary serve` (default: ${DEFAULT-VALUE}).")
  String serverImage;

  @Override
  public Integer call() {
    var err = spec.commandLine().getErr();
    if (traffic != null && TrafficProviders.normalise(traffic) == null) {
      err.println(
          "aviary render: --traffic: unknown provider '"
              + traffic
              + "', expected one of "
              + TrafficProviders.NAMES);
      return 2;
    }
    SpecDocuments docs;
    try {
      docs = SpecDocuments.parse(Files.readString(file));
    } catch (IOException e) {
      err.println("aviary render: cannot read " + file + ": " + e.getMessage());
      return 2;
    } catch (SpecReadException e) {
      err.println("aviary render: " + file + ": " + e.getMessage());
      return 2;
    }
    try {
      var manifests =
          Render.manifests(
              docs,
              traffic == null ? null : TrafficProviders.normalise(traffic),
              namespace,
              OperatorSettings.defaults().withServerImage(serverImage));
      spec.commandLine().getOut().print(Render.yaml(manifests));
      spec.commandLine().getOut().flush();
      return 0;
    } catch (IllegalArgumentException e) {
      err.println("aviary render: " + file + ": " + e.getMessage());
      return 1;
    }
  }
}
