package dev.aviary.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aviary.server.grpc.InferTensorContents;
import dev.aviary.server.grpc.ModelInferRequest;
import dev.aviary.server.grpc.ModelInferResponse;
import io.vertx.grpc.common.GrpcStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running server logs the payloads of REST v2, V1 and gRPC inferences, succeeded or failed, to a
 * file, correlated and redacted the same way for every protocol. The inputs carry values found
 * nowhere else (4242.5, 1717.25), so a line holding one of them is a value that escaped redaction.
 */
class PayloadLogIT {
  static final Set<String> REDACT =
      Set.of("features", "label", "scores", "probabilities", "x", "y");
  @TempDir static Path repo;
  static Path log;
  static ModelServer server;
  static TestHttp http;

  @BeforeAll
  static void start() {
    TestModels.classifier(repo.resolve("fraud/1/model.onnx"));
    TestModels.regressor(repo.resolve("price/1/model.onnx"));
    log = repo.resolve("payloads.jsonl");
    server =
        ModelServer.start(
            ServerConfig.builder(new ModelSource.Repository(repo))
                .host("127.0.0.1")
                .port(0)
                .grpcPort(0)
                .payloadLog(new PayloadLogSettings(log.toString(), 1, REDACT, 100))
                .build());
    http = new TestHttp(server.port());
    await().atMost(Duration.ofSeconds(30)).until(server::isReady);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static List<String> lines() throws IOException {
    return Files.exists(log) ? Files.readAllLines(log) : List.of();
  }

  static JsonNode parse(String line) {
    try {
      return Json.MAPPER.readTree(line);
    } catch (IOException e) {
      throw new AssertionError(line, e);
    }
  }

  /** The request and response events logged under {@code id}, once both are written. */
  static List<JsonNode> pair(String id) throws IOException {
    await()
        .until(() -> lines().stream().map(PayloadLogIT::parse).filter(e -> is(e, id)).count() == 2);
    List<String> mine = lines().stream().filter(l -> is(parse(l), id)).toList();
    for (String line : mine) {
      assertThat(line).doesNotContain("4242.5").doesNotContain("1717.25");
    }
    return mine.stream().map(PayloadLogIT::parse).toList();
  }

  private static boolean is(JsonNode event, String id) {
    return event.get("id").asText().equals(id);
  }

  static Map<String, String> trace(String id) {
    return Map.of("traceparent", "00-" + id + "-00f067aa0ba902b7-01");
  }

  @Test
  void restV2InputsAndOutputsAreRedactedByName() throws Exception {
    String trace = "4bf92f3577b34da6a3ce929d0e0e4736";
    TestHttp.Reply r =
        http.post(
            "/v2/models/fraud/infer",
            "{\"id\":\"client-7\",\"inputs\":[{\"name\":\"features\",\"shape\":[1,2],"
                + "\"datatype\":\"FP32\",\"data\":[4242.5,1717.25]}]}",
            trace(trace));
    assertThat(r.status()).isEqualTo(200);

    List<JsonNode> pair = pair(trace);
    JsonNode req = pair.get(0);
    JsonNode resp = pair.get(1);
    assertThat(req.get("type").asText()).isEqualTo(PayloadLogger.REQUEST_TYPE);
    assertThat(req.at("/data/id").asText()).isEqualTo("client-7");
    assertThat(req.at("/data/inputs/0/shape/1").asInt()).isEqualTo(2);
    assertThat(req.at("/data/inputs/0/data").asText()).isEqualTo("REDACTED");
    assertThat(resp.get("type").asText()).isEqualTo(PayloadLogger.RESPONSE_TYPE);
    assertThat(resp.get("outcome").asText()).isEqualTo("success");
    assertThat(resp.get("status").asText()).isEqualTo("200");
    assertThat(resp.at("/data/outputs/0/name").asText()).isEqualTo("label");
    for (JsonNode out : resp.at("/data/outputs")) {
      assertThat(out.get("data").asText()).as(out.get("name").asText()).isEqualTo("REDACTED");
    }
  }

  @Test
  void v1InstancesAndPredictionsAreRedactedLikeTheTensorsTheyHold() throws Exception {
    String single = "5bf92f3577b34da6a3ce929d0e0e4736";
    TestHttp.Reply r =
        http.post("/v1/models/price:predict", "{\"instances\":[[4242.5,1717.25]]}", trace(single));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).contains("13637.75"); // y = 2·4242.5 + 3·1717.25 + 1

    List<JsonNode> pair = pair(single);
    assertThat(pair.get(0).at("/data/instances").asText()).isEqualTo("REDACTED");
    assertThat(pair.get(1).at("/data/predictions").asText()).isEqualTo("REDACTED");
    assertThat(pair.get(1).toString()).doesNotContain("13637");

    String multi = "6bf92f3577b34da6a3ce929d0e0e4736";
    assertThat(
            http.post(
                    "/v1/models/fraud:predict", "{\"instances\":[[4242.5,1717.25]]}", trace(multi))
                .status())
        .isEqualTo(200);
    List<JsonNode> classified = pair(multi);
    assertThat(classified.get(0).at("/data/instances").asText()).isEqualTo("REDACTED");
    JsonNode prediction = classified.get(1).at("/data/predictions/0");
    assertThat(prediction.get("label").asText()).isEqualTo("REDACTED");
    assertThat(prediction.get("probabilities").asText()).isEqualTo("REDACTED");
  }

  @Test
  void grpcInputsAndOutputsAreRedactedByName() throws Exception {
    try (TestGrpc grpc = new TestGrpc(server.grpcPort())) {
      TestGrpc.Reply<ModelInferResponse> r =
          grpc.oip("ModelInfer", grpcRequest("grpc-42", 4242.5f, 1717.25f), empty());
      assertThat(r.status()).isEqualTo(GrpcStatus.OK);
    }

    List<JsonNode> pair = pair("grpc-42");
    assertThat(pair.get(0).at("/data/modelName").asText()).isEqualTo("fraud");
    assertThat(pair.get(0).at("/data/inputs/0/contents").asText()).isEqualTo("REDACTED");
    assertThat(pair.get(1).get("outcome").asText()).isEqualTo("success");
    assertThat(pair.get(1).get("status").asText()).isEqualTo("OK");
    assertThat(pair.get(1).at("/data/outputs/0/name").asText()).isEqualTo("label");
    assertThat(pair.get(1).at("/data/outputs/0/contents").asText()).isEqualTo("REDACTED");
  }

  @Test
  void failedRestInferencesAreLoggedWithTheirErrorAndStatusRedacted() throws Exception {
    String badElement = "7bf92f3577b34da6a3ce929d0e0e4736";
    TestHttp.Reply r =
        http.post(
            "/v2/models/fraud/infer",
            "{\"inputs\":[{\"name\":\"features\",\"shape\":[1,2],"
                + "\"datatype\":\"FP32\",\"data\":[\"4242.5\",1717.25]}]}",
            trace(badElement));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body()).contains("4242.5"); // the client is told which value was refused...

    List<JsonNode> pair = pair(badElement); // ...the log is not
    assertThat(pair.get(0).at("/data/inputs/0/data").asText()).isEqualTo("REDACTED");
    assertThat(pair.get(1).get("type").asText()).isEqualTo(PayloadLogger.RESPONSE_TYPE);
    assertThat(pair.get(1).get("outcome").asText()).isEqualTo("client_error");
    assertThat(pair.get(1).get("status").asText()).isEqualTo("400");
    assertThat(pair.get(1).at("/data/error").asText()).isEqualTo("REDACTED");
    assertThat(pair.get(1).at("/data/trace_id").asText()).isEqualTo(badElement);

    String emptyV1 = "8bf92f3577b34da6a3ce929d0e0e4736";
    assertThat(http.post("/v1/models/price:predict", "{\"instances\":[]}", trace(emptyV1)).status())
        .isEqualTo(400);
    List<JsonNode> v1 = pair(emptyV1);
    assertThat(v1.get(0).at("/data/instances").asText()).isEqualTo("REDACTED");
    assertThat(v1.get(1).at("/data/error").asText())
        .startsWith("body must be {\"instances\": [...]} with at least one instance");

    String notJson = "9bf92f3577b34da6a3ce929d0e0e4736";
    TestHttp.Reply malformed =
        http.post("/v2/models/fraud/infer", "nonsense 4242.5", trace(notJson));
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.body()).contains("malformed JSON").contains("'nonsense'");
    List<JsonNode> garbage = pair(notJson);
    assertThat(garbage.get(0).get("data").asText()).isEqualTo("REDACTED");
    assertThat(garbage.get(1).get("status").asText()).isEqualTo("400");
    assertThat(garbage.get(1).at("/data/error").asText()).isEqualTo("REDACTED");
  }

  @Test
  void failedGrpcInferencesAreLoggedWithTheirErrorAndStatusRedacted() throws Exception {
    ModelInferRequest oneElementShort =
        grpcRequest("grpc-bad", 4242.5f).toBuilder().setId("grpc-bad").build();
    try (TestGrpc grpc = new TestGrpc(server.grpcPort())) {
      TestGrpc.Reply<ModelInferResponse> r = grpc.oip("ModelInfer", oneElementShort, empty());
      assertThat(r.status()).isEqualTo(GrpcStatus.INVALID_ARGUMENT);
      assertThat(r.message()).contains("input 'features'");
    }

    List<JsonNode> pair = pair("grpc-bad");
    assertThat(pair.get(0).at("/data/inputs/0/contents").asText()).isEqualTo("REDACTED");
    assertThat(pair.get(1).get("outcome").asText()).isEqualTo("client_error");
    assertThat(pair.get(1).get("status").asText()).isEqualTo("INVALID_ARGUMENT");
    assertThat(pair.get(1).at("/data/error").asText()).isEqualTo("REDACTED");
  }

  private static ModelInferRequest grpcRequest(String id, float... features) {
    InferTensorContents.Builder contents = InferTensorContents.newBuilder();
    for (float f : features) {
      contents.addFp32Contents(f);
    }
    return ModelInferRequest.newBuilder()
        .setModelName("fraud")
        .setId(id)
        .addInputs(
            ModelInferRequest.InferInputTensor.newBuilder()
                .setName("features")
                .setDatatype("FP32")
                .addShape(1)
                .addShape(2)
                .setContents(contents))
        .build();
  }

  private static ModelInferResponse empty() {
    return ModelInferResponse.getDefaultInstance();
  }
}
