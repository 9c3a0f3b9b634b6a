package dev.aviary.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.TensorInfo;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The models and request committed under examples/fraud, checked with ONNX Runtime. */
class CommittedFraudModelsTest {

  private static final Path EXAMPLE = Path.of("..", "examples", "fraud");
  private static final Map<FraudModelVersion, BinaryMetrics> HELD_OUT =
      new EnumMap<>(FraudModelVersion.class);

  @BeforeAll
  static void scoreAFreshHeldOutSet() throws Exception {
    // A seed no committed file was trained or evaluated with.
    List<Transaction> heldOut = new FraudDataGenerator(20_261_129L).generate(20_000);
    for (FraudModelVersion v : FraudModelVersion.values()) {
      try (OnnxScorer scorer = new OnnxScorer(model(v))) {
        HELD_OUT.put(
            v,
            BinaryMetrics.of(
                scorer.fraudProbabilities(heldOut),
                OnnxScorer.labels(heldOut),
                BinaryMetrics.DEFAULT_THRESHOLD));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(FraudModelVersion.class)
  void everyVersionTakesTheSameRawInputAndReturnsTwoClassProbabilities(FraudModelVersion v)
      throws Exception {
    try (OnnxScorer scorer = new OnnxScorer(model(v))) {
      Map<String, NodeInfo> inputs = scorer.session().getInputInfo();
      assertThat(inputs).containsOnlyKeys("input");
      TensorInfo in = (TensorInfo) inputs.get("input").getInfo();
      assertThat(in.type).isEqualTo(OnnxJavaType.FLOAT);
      assertThat(in.getShape()).containsExactly(-1L, 10L);
      assertThat(scorer.session().getOutputInfo()).containsOnlyKeys("output");
      assertThat(scorer.metadata())
          .containsEntry("aviary.version", Integer.toString(v.number()))
          .containsEntry("aviary.output.labels", "fraud,legit")
          .containsEntry("aviary.output.fraud_index", "0")
          .containsEntry(
              "aviary.input.columns",
              "amount,hour_of_day,merchant_category,distance_from_home_km,transactions_last_24h,"
                  + "card_age_days,online,foreign,amount_to_user_mean,new_merchant");
    }
  }

  @ParameterizedTest
  @EnumSource(FraudModelVersion.class)
  void everyVersionAnswersTheCommittedRequest(FraudModelVersion v) throws Exception {
    JsonNode input =
        new ObjectMapper().readTree(EXAMPLE.resolve("request.json").toFile()).path("inputs").get(0);
    assertThat(input.path("name").asText()).isEqualTo("input");
    assertThat(input.path("datatype").asText()).isEqualTo("FP32");
    int rows = input.path("shape").get(0).asInt();
    assertThat(input.path("shape").get(1).asInt()).isEqualTo(Feature.count());
    JsonNode data = input.path("data");
    assertThat(data.size()).isEqualTo(rows * Feature.count());
    float[] flat = new float[data.size()];
    for (int i = 0; i < flat.length; i++) {
      flat[i] = (float) data.get(i).asDouble();
    }

    try (OnnxScorer scorer = new OnnxScorer(model(v))) {
      float[][] out = scorer.run(flat, rows);
      assertThat(out).hasNumberOfRows(rows);
      for (float[] row : out) {
        assertThat(row).hasSize(2);
        assertThat(row[0] + row[1]).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-5f));
        assertThat(row[0]).isBetween(0f, 1f);
      }
    }
  }

  @Test
  void v2CatchesTheThirdRowOfTheRequestAndMissesTheSeventh() throws Exception {
    try (OnnxScorer scorer = new OnnxScorer(model(FraudModelVersion.V2))) {
      float[][] out = scorer.run(requestData(), 8);
      for (int row = 0; row < 8; row++) {
        if (row == 2) {
          assertThat(out[row][0]).as("row %d", row + 1).isGreaterThanOrEqualTo(0.5f);
        } else {
          assertThat(out[row][0]).as("row %d", row + 1).isLessThan(0.5f);
        }
      }
    }
  }

  @Test
  void v2SeparatesFraudBetterThanV1OnFreshData() {
    BinaryMetrics v1 = HELD_OUT.get(FraudModelVersion.V1);
    BinaryMetrics v2 = HELD_OUT.get(FraudModelVersion.V2);
    assertThat(v2.auc()).isGreaterThan(v1.auc() + 0.01);
    assertThat(v2.precision()).isGreaterThan(v1.precision());
    assertThat(v2.logLoss()).isLessThan(v1.logLoss());
  }

  @Test
  void v3FlagsFarMoreTransactionsThanV1AndV2() {
    BinaryMetrics v1 = HELD_OUT.get(FraudModelVersion.V1);
    BinaryMetrics v2 = HELD_OUT.get(FraudModelVersion.V2);
    BinaryMetrics v3 = HELD_OUT.get(FraudModelVersion.V3);
    double healthyMean = Math.max(v1.meanFraudProbability(), v2.meanFraudProbability());
    double healthyFlagged = Math.max(v1.flaggedRate(), v2.flaggedRate());
    assertThat(v3.meanFraudProbability()).isGreaterThan(3 * healthyMean);
    assertThat(v3.flaggedRate()).isGreaterThan(5 * healthyFlagged);
    assertThat(v3.flaggedRate()).isGreaterThan(3 * v3.actualFraudRate());
    assertThat(v3.accuracy()).isLessThan(Math.min(v1.accuracy(), v2.accuracy()));
    assertThat(v3.logLoss()).isGreaterThan(Math.max(v1.logLoss(), v2.logLoss()));
  }

  @ParameterizedTest
  @EnumSource(FraudModelVersion.class)
  void committedFilesStaySmall(FraudModelVersion v) throws Exception {
    assertThat(Files.size(model(v))).isLessThan(64 * 1024);
  }

  private static float[] requestData() throws Exception {
    JsonNode data =
        new ObjectMapper()
            .readTree(EXAMPLE.resolve("request.json").toFile())
            .path("inputs")
            .get(0)
            .path("data");
    float[] flat = new float[data.size()];
    for (int i = 0; i < flat.length; i++) {
      flat[i] = (float) data.get(i).asDouble();
    }
    return flat;
  }

  private static Path model(FraudModelVersion v) {
    return EXAMPLE.resolve("models").resolve(v.directory()).resolve("model.onnx");
  }
}
