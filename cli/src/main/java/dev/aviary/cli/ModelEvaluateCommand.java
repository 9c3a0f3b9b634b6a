package dev.aviary.cli;

import dev.aviary.evaluation.BinaryMetrics;
import dev.aviary.evaluation.Evaluation;
import dev.aviary.evaluation.GatesException;
import dev.aviary.evaluation.GatesFile;
import dev.aviary.evaluation.OnnxPredictor;
import dev.aviary.evaluation.PairedBootstrap;
import dev.aviary.registry.ModelRef;
import dev.aviary.registry.ModelRegistry;
import dev.aviary.registry.ModelVersion;
import dev.aviary.registry.Registries;
import dev.aviary.registry.RegistryException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code aviary model evaluate}: a candidate's metrics and gates against the champion. */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = {
      "Evaluate a binary classifier on hold-out data against the champion and check the gates.",
      "Exit status: 0 every gate passed, 1 a gate failed, 2 bad input."
    })
final class ModelEvaluateCommand implements Callable<Integer> {
  static final int LATENCY_ROWS = 200;

  @Parameters(
      arity = "0..1",
      paramLabel = "CANDIDATE",
      description =
          "The candidate: NAME, NAME:VERSION or NAME@ALIAS; with --file, the model NAME the file"
              + " is a candidate for (its champion is the default).")
  String candidate;

  @Option(names = "--file", paramLabel = "M.onnx", description = "The candidate as a file.")
  Path file;

  @Option(names = "--data", required = true, paramLabel = "CSV", description = "Hold-out rows.")
  Path data;

  @Option(
      names = "--label",
      required = true,
      paramLabel = "COLUMN",
      description = "The label column: 0 or 1.")
  String label;

  @Option(
      names = "--champion",
      paramLabel = "REF",
      description = "The model to compare with (default: NAME@champion when that alias exists).")
  String champion;

  @Option(
      names = "--gates",
      paramLabel = "FILE",
      description = "The gates (YAML); default: the default gates of docs/registry.md.")
  Path gates;

  @Option(names = "--report", paramLabel = "FILE.html", description = "Write an HTML report.")
  Path report;

  @Mixin RegistryOption registry;
  @Mixin Output output;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<Path> temporary = new ArrayList<>();
    ModelRegistry reg = null;
    try {
      if (candidate == null && file == null) {
        throw new GatesException("give the candidate as CANDIDATE or as --file");
      }
      ModelRef candidateRef = candidate == null ? null : ModelRef.parse(candidate);
      if (file != null
          && candidateRef != null
          && !candidateRef.toString().equals(candidateRef.name())) {
        throw new GatesException(
            "with --file, CANDIDATE is the model's NAME (for its champion), was '"
                + candidate
                + "'");
      }
      GatesFile gatesFile =
          gates == null
              ? GatesFile.defaults()
              : GatesFile.parse(gates.toString(), read(gates, "--gates"), BinaryMetrics.NAMES);
      CsvTable table;
      try {
        table = CsvTable.read(data);
      } catch (IOException e) {
        throw new GatesException("--data: cannot read " + data + ": " + e.getMessage());
      }
      Path candidateFile = file;
      String candidateName = file == null ? null : file.toString();
      String championRef = champion;
      if (candidate != null || champion != null) {
        reg = Registries.open(registry.registry, Clock.systemUTC());
      }
      if (candidateRef != null && file == null) {
        ModelVersion v = reg.get(candidateRef);
        candidateName = v.ref();
        candidateFile = download(reg, v, temporary);
      }
      if (candidateRef != null
          && championRef == null
          && hasAlias(reg, candidateRef.name(), "champion")) {
        championRef = candidateRef.name() + "@champion";
      }
      String championName = null;
      Path championFile = null;
      if (championRef != null) {
        ModelVersion c = reg.get(ModelRef.parse(championRef));
        championName = c.ref() + (championRef.contains("@") ? " (" + championRef + ")" : "");
        championFile = download(reg, c, temporary);
      }
      EvaluationData rows = EvaluationData.read(table, label);
      Evaluation result;
      try (OnnxPredictor cand = OnnxPredictor.open(candidateName, candidateFile);
          OnnxPredictor champ =
              championFile == null ? null : OnnxPredictor.open(championName, championFile)) {
        float[][] x = rows.features(cand.columns(table.header(), label));
        double[] candidateP = cand.predict(x);
        Map<String, Double> latency = cand.latency(x, LATENCY_ROWS);
        double[] championP =
            champ == null
                ? null
                : champ.predict(rows.features(champ.columns(table.header(), label)));
        result =
            Evaluation.of(
                rows.labels(),
                candidateP,
                championP,
                gatesFile,
                latency,
                PairedBootstrap.DEFAULT_RESAMPLES,
                PairedBootstrap.DEFAULT_SEED);
      }
      EvaluationViews views = new EvaluationViews(candidateName, championName, data.toString());
      if (!output.printStructured(out, views.json(result))) {
        views.table(out, result);
      }
      if (report != null) {
        Files.writeString(report, views.html(result), StandardCharsets.UTF_8);
      }
      return result.passed() ? 0 : 1;
    } catch (GatesException | RegistryException | CsvTable.CsvException e) {
      err.println("aviary model evaluate: " + e.getMessage());
      err.flush();
      return 2;
    } catch (IOException | UncheckedIOException e) {
      err.println("aviary model evaluate: " + e.getMessage());
      err.flush();
      return 2;
    } finally {
      if (reg != null) {
        reg.close();
      }
      for (Path p : temporary) {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          // a temporary copy; the OS cleans up
        }
      }
    }
  }

  private static boolean hasAlias(ModelRegistry reg, String name, String alias) {
    return reg.list(name).stream().anyMatch(v -> v.aliases().contains(alias));
  }

  private static Path download(ModelRegistry reg, ModelVersion v, List<Path> temporary)
      throws IOException {
    Path dir = Files.createTempDirectory("aviary-evaluate");
    Path target = dir.resolve(v.name() + "-" + v.version() + ".onnx");
    temporary.add(target);
    temporary.add(dir);
    reg.download(v.name(), v.version(), target);
    return target;
  }

  private static String read(Path p, String option) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new GatesException(option + ": cannot read " + p + ": " + e.getMessage());
    }
  }
}
