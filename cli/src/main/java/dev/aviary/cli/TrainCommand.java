package dev.aviary.cli;

import dev.aviary.registry.GitLineage;
import dev.aviary.registry.Lineage;
import dev.aviary.registry.ModelRegistry;
import dev.aviary.registry.NewVersion;
import dev.aviary.registry.Registered;
import dev.aviary.registry.Sha256;
import dev.aviary.train.BinaryMetrics;
import dev.aviary.train.FraudTraining;
import dev.aviary.train.FraudTraining.Options;
import dev.aviary.train.FraudTraining.Report;
import dev.aviary.train.FraudTraining.VersionResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code aviary train}: regenerates the fraud example data, models and request. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    versionProvider = AviaryCli.Version.class,
    description = {
      "Generate the synthetic card-fraud data set, train the example fraud models v1 (baseline),"
          + " v2 (better) and v3 (faulty release) with Tribuo, export them to ONNX and print their"
          + " held-out metrics.",
      "Writes DIR/models/v{1,2,3}/model.onnx, DIR/models/metrics.json, DIR/request.json and"
          + " DIR/data/sample.csv and DIR/data/holdout.csv. The same seed always gives the same"
          + " files."
    })
public final class TrainCommand implements Callable<Integer> {
  static final String MODEL_NAME = "fraud";

  @Spec CommandSpec spec;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "examples/fraud",
      description = "Example directory to write (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(
      names = "--seed",
      paramLabel = "N",
      defaultValue = "" + Options.DEFAULT_SEED,
      description = "Seed of the data generator and of training (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--train-rows",
      paramLabel = "N",
      defaultValue = "" + Options.DEFAULT_TRAIN_ROWS,
      description = "Training transactions (default: ${DEFAULT-VALUE}).")
  int trainRows;

  @Option(
      names = "--test-rows",
      paramLabel = "N",
      defaultValue = "" + Options.DEFAULT_TEST_ROWS,
      description = "Held-out transactions for the metrics (default: ${DEFAULT-VALUE}).")
  int testRows;

  @Option(
      names = "--sample-rows",
      paramLabel = "N",
      defaultValue = "" + Options.DEFAULT_SAMPLE_ROWS,
      description =
          "Training rows written to data/sample.csv; 0 writes none (default: ${DEFAULT-VALUE}).")
  int sampleRows;

  @Option(
      names = "--holdout-rows",
      paramLabel = "N",
      description =
          "Held-out rows (never trained on) written to data/holdout.csv; 0 writes none (default:"
              + " "
              + Options.DEFAULT_HOLDOUT_ROWS
              + ", at most --test-rows).")
  Integer holdoutRows;

  @Option(
      names = "--register",
      description =
          "Register v1, v2 and v3 as versions of the model 'fraud' in --registry, with their"
              + " metrics, the training parameters and their lineage (git commit, data sample,"
              + " this command).")
  boolean register;

  @Mixin RegistryOption registry;

  @Override
  public Integer call() throws Exception {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter stderr = spec.commandLine().getErr();
    Options options;
    try {
      options =
          new Options(
              out,
              seed,
              trainRows,
              testRows,
              sampleRows,
              holdoutRows != null ? holdoutRows : Math.min(Options.DEFAULT_HOLDOUT_ROWS, testRows));
    } catch (IllegalArgumentException e) {
      stderr.println("aviary train: " + e.getMessage());
      return 2;
    }
    Report report;
    try {
      report =
          FraudTraining.run(
              options,
              line -> {
                stdout.println(line);
                stdout.flush();
              });
    } catch (IOException e) {
      stderr.println("aviary train: cannot write under " + out + ": " + e);
      return 1;
    }
    stdout.printf(
        "%nheld-out metrics (%d rows, %.2f%% fraud, flagged at p >= %.1f):%n",
        options.testRows(),
        100 * report.versions().get(0).metrics().actualFraudRate(),
        BinaryMetrics.DEFAULT_THRESHOLD);
    stdout.printf(
        "%-8s %9s %10s %8s %7s %9s %9s %10s %8s%n",
        "version",
        "accuracy",
        "precision",
        "recall",
        "AUC",
        "log loss",
        "flagged",
        "mean p",
        "bytes");
    for (VersionResult r : report.versions()) {
      BinaryMetrics m = r.metrics();
      stdout.printf(
          "%-8s %9.4f %10.4f %8.4f %7.4f %9.4f %8.2f%% %10.4f %8d%n",
          r.version().directory(),
          m.accuracy(),
          m.precision(),
          m.recall(),
          m.auc(),
          m.logLoss(),
          100 * m.flaggedRate(),
          m.meanFraudProbability(),
          r.bytes());
    }
    stdout.println();
    for (VersionResult r : report.versions()) {
      stdout.println("wrote " + r.model() + "  sha256 " + r.sha256());
    }
    stdout.println("wrote " + report.metricsFile());
    stdout.println("wrote " + report.requestFile());
    stdout.flush();
    if (!register) {
      return 0;
    }
    return registry.run("train --register", stderr, r -> register(r, report, stdout));
  }

  private int register(ModelRegistry r, Report report, PrintWriter stdout) {
    Optional<GitLineage> git = GitLineage.detect(Path.of("").toAbsolutePath());
    Path sample = out.resolve("data").resolve("sample.csv");
    boolean sampled = sampleRows > 0 && Files.isRegularFile(sample);
    String command =
        "aviary " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
    for (VersionResult v : report.versions()) {
      BinaryMetrics m = v.metrics();
      Registered result =
          r.register(
              new NewVersion(
                  MODEL_NAME,
                  v.model(),
                  Map.of(
                      "accuracy", m.accuracy(),
                      "precision", m.precision(),
                      "recall", m.recall(),
                      "auc", m.auc(),
                      "log_loss", m.logLoss()),
                  Map.of(
                      "seed", Long.toString(seed),
                      "train_rows", Integer.toString(trainRows),
                      "test_rows", Integer.toString(testRows)),
                  Map.of("example", v.version().directory()),
                  new Lineage(
                      git.map(GitLineage::commit).orElse(null),
                      git.map(GitLineage::dirty).orElse(null),
                      sampled ? sample.toAbsolutePath().normalize().toUri().toString() : null,
                      sampled ? Sha256.of(sample) : null,
                      command,
                      null,
                      RegistryOption.user(),
                      null),
                  List.of()));
      stdout.println(
          (result.created() ? "registered " : "already registered as ")
              + result.version().ref()
              + " ("
              + v.version().directory()
              + ", sha256 "
              + result.version().sha256().substring(0, 12)
              + ") in "
              + r.location());
    }
    stdout.flush();
    return 0;
  }
}
