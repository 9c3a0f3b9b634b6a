package dev.aviary.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aviary.train.FraudTraining.Options;
import dev.aviary.train.FraudTraining.Report;
import dev.aviary.train.FraudTraining.VersionResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A small end-to-end training run: files written, reproducible, ONNX equal to Tribuo. */
class FraudTrainingTest {

  private static final long SEED = 7;
  @TempDir static Path first;
  @TempDir static Path second;
  private static Report report;

  @BeforeAll
  static void trainTwiceWithTheSameSeed() throws Exception {
    report = FraudTraining.run(new Options(first, SEED, 4_000, 2_000, 50, 30), line -> {});
    FraudTraining.run(new Options(second, SEED, 4_000, 2_000, 50), line -> {});
  }

  @Test
  void writesThreeModelsMetricsRequestAndSample() {
    for (String v : List.of("v1", "v2", "v3")) {
      assertThat(first.resolve("models").resolve(v).resolve("model.onnx")).isNotEmptyFile();
    }
    assertThat(first.resolve("models/metrics.json")).isNotEmptyFile();
    assertThat(first.resolve("request.json")).isNotEmptyFile();
    assertThat(first.resolve("data/sample.csv")).hasContent(sampleCsv());
    assertThat(second.resolve("data/holdout.csv")).doesNotExist();
  }

  @Test
  void theHoldoutFileHoldsTheFirstHeldOutRowsNeverTrainedOn() {
    assertThat(first.resolve("data/holdout.csv")).hasContent(csv(SEED + 1, 30));
    assertThat(csv(SEED + 1, 30)).isNotEqualTo(csv(SEED, 30));
  }

  @Test
  void theSameSeedGivesByteIdenticalFiles() throws Exception {
    for (String file :
        List.of(
            "models/v1/model.onnx",
            "models/v2/model.onnx",
            "models/v3/model.onnx",
            "models/metrics.json",
            "request.json",
            "data/sample.csv")) {
      assertThat(Files.readAllBytes(first.resolve(file)))
          .as(file)
          .isEqualTo(Files.readAllBytes(second.resolve(file)));
    }
  }

  @Test
  void onnxModelsComputeTheSameProbabilitiesAsTheTribuoModels() throws Exception {
    List<Transaction> rows = new FraudDataGenerator(99).generate(500);
    List<Transaction> training = new FraudDataGenerator(SEED).generate(4_000);
    for (FraudModelVersion v : FraudModelVersion.values()) {
      double[] tribuo = TribuoFraudTrainer.train(v, training, SEED).fraudProbabilities(rows);
      try (OnnxScorer onnx =
          new OnnxScorer(first.resolve("models/" + v.directory() + "/model.onnx"))) {
        double[] served = onnx.fraudProbabilities(rows);
        for (int i = 0; i < rows.size(); i++) {
          assertThat(served[i]).as("%s row %d", v, i).isCloseTo(tribuo[i], offset(1e-4));
        }
      }
    }
  }

  @Test
  void metricsFileMatchesTheReport() throws Exception {
    JsonNode json = new ObjectMapper().readTree(first.resolve("models/metrics.json").toFile());
    assertThat(json.path("seed").asLong()).isEqualTo(SEED);
    for (VersionResult r : report.versions()) {
      JsonNode v = json.path("versions").path(r.version().directory());
      assertThat(v.path("auc").asDouble()).isCloseTo(r.metrics().auc(), offset(1e-4));
      assertThat(v.path("flaggedRate").asDouble())
          .isCloseTo(r.metrics().flaggedRate(), offset(1e-4));
      assertThat(v.path("sha256").asText()).hasSize(64).isEqualTo(r.sha256());
      assertThat(v.path("bytes").asLong()).isEqualTo(Files.size(r.model()));
    }
  }

  @Test
  void requestHoldsEightRowsOfTheModelInput() throws Exception {
    JsonNode input =
        new ObjectMapper().readTree(first.resolve("request.json").toFile()).path("inputs").get(0);
    assertThat(input.path("name").asText()).isEqualTo("input");
    assertThat(input.path("datatype").asText()).isEqualTo("FP32");
    assertThat(input.path("shape").get(0).asInt()).isEqualTo(8);
    assertThat(input.path("shape").get(1).asInt()).isEqualTo(10);
    assertThat(input.path("data").size()).isEqualTo(80);
    List<Transaction> expected =
        FraudTraining.requestRows(
            SEED + 2,
            TribuoFraudTrainer.train(
                FraudModelVersion.V2, new FraudDataGenerator(SEED).generate(4_000), SEED));
    List<Float> data = new ArrayList<>();
    input.path("data").forEach(n -> data.add((float) n.asDouble()));
    for (int i = 0; i < 8; i++) {
      float[] row = expected.get(i).features();
      for (int j = 0; j < 10; j++) {
        assertThat(data.get(i * 10 + j)).isEqualTo(row[j]);
      }
    }
    assertThat(expected.stream().filter(Transaction::fraud)).hasSize(2);
  }

  @Test
  void rejectsOptionsThatCannotTrainAModel() {
    assertThatThrownBy(() -> new Options(first, 1, 10, 2_000, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("trainRows");
    assertThatThrownBy(() -> new Options(first, 1, 4_000, 2_000, 5_000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sampleRows");
    assertThatThrownBy(() -> new Options(first, 1, 4_000, 2_000, 0, 2_001))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("holdoutRows must be 0..2000 (testRows), was 2001");
  }

  private static String sampleCsv() {
    return csv(SEED, 50);
  }

  private static String csv(long seed, int rows) {
    StringBuilder b = new StringBuilder(TransactionCsv.header()).append('\n');
    for (Transaction t : new FraudDataGenerator(seed).generate(rows)) {
      b.append(TransactionCsv.line(t)).append('\n');
    }
    return b.toString().stripTrailing();
  }
}
