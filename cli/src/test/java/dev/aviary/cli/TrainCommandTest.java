package dev.aviary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aviary.registry.Lineage;
import dev.aviary.registry.ModelRegistry;
import dev.aviary.registry.ModelVersion;
import dev.aviary.registry.Registries;
import dev.aviary.registry.Sha256;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TrainCommandTest {

  @TempDir Path out;

  @Test
  void trainsAllVersionsAndPrintsTheirHeldOutMetrics() {
    Run run =
        run(
            "train",
            "--out",
            out.toString(),
            "--seed",
            "3",
            "--train-rows",
            "3000",
            "--test-rows",
            "1000",
            "--sample-rows",
            "0",
            "--holdout-rows",
            "0");

    assertThat(run.exit).as(run.err).isZero();
    assertThat(run.out)
        .contains("held-out metrics (1000 rows")
        .containsPattern("(?m)^v1 +0\\.\\d{4} ")
        .containsPattern("(?m)^v2 +0\\.\\d{4} ")
        .containsPattern("(?m)^v3 +0\\.\\d{4} ")
        .contains("wrote " + out.resolve("request.json"));
    assertThat(out.resolve("models/v1/model.onnx")).isNotEmptyFile();
    assertThat(out.resolve("models/v2/model.onnx")).isNotEmptyFile();
    assertThat(out.resolve("models/v3/model.onnx")).isNotEmptyFile();
    assertThat(out.resolve("models/metrics.json")).isNotEmptyFile();
    assertThat(out.resolve("data")).doesNotExist();
  }

  @Test
  void registersTheThreeVersionsWithMetricsAndLineage() {
    Path registryDir = out.resolve("registry");
    Run run =
        run(
            "train",
            "--out",
            out.toString(),
            "--seed",
            "3",
            "--train-rows",
            "2000",
            "--test-rows",
            "1000",
            "--sample-rows",
            "50",
            "--register",
            "--registry",
            registryDir.toString());

    assertThat(run.exit).as(run.err).isZero();
    assertThat(run.out)
        .contains("registered fraud:1 (v1, sha256 ")
        .contains("registered fraud:3 (v3");
    try (ModelRegistry r = Registries.open(registryDir.toString(), Clock.systemUTC())) {
      List<ModelVersion> versions = r.list("fraud");
      assertThat(versions).extracting(ModelVersion::version).containsExactly(1, 2, 3);
      ModelVersion v3 = versions.get(2);
      assertThat(v3.sha256()).isEqualTo(Sha256.of(out.resolve("models/v3/model.onnx")));
      assertThat(v3.tags()).containsEntry("example", "v3");
      assertThat(v3.params()).containsEntry("seed", "3").containsEntry("train_rows", "2000");
      assertThat(v3.metrics()).containsKeys("accuracy", "auc", "log_loss");
      Lineage l = v3.lineage();
      assertThat(l.trainedBy()).startsWith("aviary train --out ").contains("--register");
      assertThat(l.dataUri()).endsWith("/data/sample.csv");
      assertThat(l.dataSha256()).isEqualTo(Sha256.of(out.resolve("data/sample.csv")));
    }
  }

  @Test
  void rejectsTooFewTrainingRowsWithAClearMessage() {
    Run run = run("train", "--out", out.toString(), "--train-rows", "10");
    assertThat(run.exit).isEqualTo(2);
    assertThat(run.err).contains("trainRows must be >= 1000, was 10");
  }

  @Test
  void reportsAnOutputDirectoryThatCannotBeWritten() throws Exception {
    Path file = java.nio.file.Files.writeString(out.resolve("not-a-dir"), "x");
    Run run =
        run(
            "train",
            "--out",
            file.toString(),
            "--train-rows",
            "1000",
            "--test-rows",
            "1000",
            "--sample-rows",
            "0");
    assertThat(run.exit).isEqualTo(1);
    assertThat(run.err).contains("aviary train: cannot write under " + file);
  }

  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new AviaryCli());
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }
}
