package dev.aviary.cli;

import dev.aviary.registry.ModelRef;
import dev.aviary.registry.ModelVersion;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code aviary model download NAME:VERSION -o FILE}: the version's exact bytes. */
@Command(
    name = "download",
    mixinStandardHelpOptions = true,
    description = "Write a version's ONNX file (checked against its sha256).")
final class ModelDownloadCommand implements Callable<Integer> {
  @Parameters(paramLabel = "NAME[:VERSION|@ALIAS]", description = "The version, e.g. fraud:2.")
  String ref;

  @Option(
      names = {"-o", "--output"},
      required = true,
      paramLabel = "FILE",
      description = "Where to write the model (replaced whole, never half-written).")
  Path target;

  @Mixin RegistryOption registry;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    return registry.run(
        "download",
        spec.commandLine().getErr(),
        r -> {
          ModelVersion v = r.get(ModelRef.parse(ref));
          r.download(v.name(), v.version(), target);
          out.println("wrote " + target + " (" + v.ref() + ", sha256 " + v.sha256() + ")");
          out.flush();
          return 0;
        });
  }
}
