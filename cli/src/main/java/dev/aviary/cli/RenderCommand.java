package dev.aviary.cli;

import dev.aviary.operator.ModelChart;
import dev.aviary.operator.OperatorSettings;
import dev.aviary.operator.Render;
import dev.aviary.operator.traffic.TrafficProviders;
import dev.aviary.spec.ServerSettings;
import dev.aviary.spec.SpecDocuments;
import dev.aviary.spec.SpecReadException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code aviary render -f spec.yaml}: the Kubernetes manifests the operator would create; with
 * {@code --helm -o DIR}, a Helm chart of the ModelDeployment instead.
 */
@Command(
    name = "render",
    description = {
      "Print every Kubernetes manifest the operator creates for a spec at its initial state",
      "(revision Deployment, Services, routing), for review, GitOps or kubectl apply.",
      "With --helm -o DIR: write a Helm chart of the ModelDeployment instead (values: image,",
      "model, replicas, resources, strategy, analysis templates); the operator rolls it out.",
      "Exit status: 0 rendered, 1 invalid spec, 2 unreadable input or a chart directory that",
      "exists."
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

  @Option(
      names = "--helm",
      description = "Write a Helm chart of the ModelDeployment to --output instead of manifests.")
  boolean helm;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "DIR",
      description = "Chart directory for --helm, e.g. charts/fraud (refused if it exists).")
  Path output;

  @Option(
      names = "--image-repository",
      paramLabel = "REPO",
      description =
          "--helm: the repository of the model's server image (values image.repository), e.g."
              + " registry.example.com/ml/fraud; default: the spec's server.image, else none.")
  String imageRepository;

  @Option(names = "--force", description = "--helm: replace an existing chart directory.")
  boolean force;

  @Override
  public Integer call() {
    var err = spec.commandLine().getErr();
    if (helm != (output != null)) {
      err.println(
          "aviary render: "
              + (helm
                  ? "--helm needs --output DIR (the chart directory, e.g. charts/fraud)"
                  : "--output is for --helm (manifests are printed to standard output)"));
      return 2;
    }
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
    if (helm) {
      return writeChart(docs, err);
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

  private int writeChart(SpecDocuments docs, java.io.PrintWriter err) {
    if (imageRepository != null
        && (imageRepository.contains("@")
            || imageRepository.lastIndexOf(':') > imageRepository.lastIndexOf('/')
            || !(imageRepository + ":t").matches(ServerSettings.IMAGE_REFERENCE))) {
      err.println(
          "aviary render: --image-repository: '"
              + imageRepository
              + "' is not an image repository such as registry.example.com/ml/fraud (no tag:"
              + " the chart's image.tag holds it)");
      return 2;
    }
    Map<String, String> files;
    try {
      files =
          ModelChart.files(
              Files.readString(file),
              docs,
              imageRepository,
              "aviary render --helm -f " + file + " -o " + output);
    } catch (IOException e) {
      err.println("aviary render: cannot read " + file + ": " + e.getMessage());
      return 2;
    } catch (IllegalArgumentException e) {
      err.println("aviary render: " + file + ": " + e.getMessage());
      return 1;
    }
    try {
      GeneratedFiles.writeDirectory(output, files, force);
    } catch (FileAlreadyExistsException e) {
      err.println("aviary render: " + output + ": " + e.getReason());
      return 2;
    } catch (IOException e) {
      err.println("aviary render: cannot write " + output + ": " + e.getMessage());
      return 2;
    }
    String name = docs.deployments().get(0).name();
    spec.commandLine()
        .getOut()
        .println(
            "chart of modeldeployment/"
                + name
                + " written to "
                + output
                + "; install or upgrade it with: helm upgrade --install "
                + name
                + " "
                + output);
    spec.commandLine().getOut().flush();
    return 0;
  }
}
