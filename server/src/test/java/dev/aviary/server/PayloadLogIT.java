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

/** A running server logs REST and gRPC inference payloads to a file, redacted and correlated. */
class PayloadLogIT {
  @TempDir static Path repo;
  static Path log;
  static ModelServer server;
  static TestHttp http;

  @BeforeAll
  static void start() {
    TestModels.classifier(repo.resolve("fraud/1/model.onnx"));
    log = repo.resolve("payloads.jsonl");
    server =
        ModelServer.start(
            ServerConfig.builder(new ModelSource.Repository(repo))
                .host("127.0.0.1")
                .port(0)
                .grpcPort(0)
                .payloadLog(new PayloadLogSettings(log.toString(), 1, Set.of("features"), 100))
                .build());
    http = new TestHttp(server.port());
    await().atMost(Duration.ofSeconds(30)).until(server::isReady);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static List<JsonNode> events() throws IOException {
    return Files.readAllLines(log).stream()
        .map(
            l -> {
              try {
                return Json.MAPPER.readTree(l);
              } catch (IOException e) {
                throw new AssertionError(l, e);
              }
            })
        .toList();
  }

  static List<JsonNode> withId(String id) throws IOException {
    return events().stream().filter(e -> e.get("id").asText().equals(id)).toList();
  }

  @Test
  void restRequestsAreLoggedUnderTheirTraceIdWithListedInputsRedacted() throws Exception {
    String trace = "4bf92f3577b34da6a3ce929d0e0e4736";
    TestHttp.Reply r =
        http.post(
            "/v2/models/fraud/infer",
            "{\"id\":\"client-7\",\"inputs\":[{\"name\":\"features\",\"shape\":[1,2],"
                + "\"datatype\":\"FP32\",\"data\":[5,0]}]}",
            Map.of("traceparent", "00-" + trace + "-00f067aa0ba902b7-01"));
    assertThat(r.status()).isEqualTo(200);
    await().until(() -> Files.exists(log) && withId(trace).size() == 2);
    List<JsonNode> pair = withId(trace);
    JsonNode req = pair.get(0);
    JsonNode resp = pair.get(1);
    assertThat(req.get("type").asText()).isEqualTo(PayloadLogger.REQUEST_TYPE);
    assertThat(req.at("/data/id").asText()).isEqualTo("client-7");
    assertThat(req.at("/data/inputs/0/data").asText()).isEqualTo("REDACTED");
    assertThat(resp.get("type").asText()).isEqualTo(PayloadLogger.RESPONSE_TYPE);
    assertThat(resp.at("/data/outputs/0/name").asText()).isEqualTo("label");
    assertThat(resp.at("/data/outputs/0/data/0").asLong()).isEqualTo(1);
  }

  @Test
  void grpcRequestsAreLoggedUnderTheirIdAsJson() throws Exception {
    try (TestGrpc grpc = new TestGrpc(server.grpcPort())) {
      ModelInferRequest req =
          ModelInferRequest.newBuilder()
              .setModelName("fraud")
              .setId("grpc-42")
              .addInputs(
                  ModelInferRequest.InferInputTensor.newBuilder()
                      .setName("features")
                      .setDatatype("FP32")
                      .addShape(1)
                      .addShape(2)
                      .setContents(
                          InferTensorContents.newBuilder().addFp32Contents(0).addFp32Contents(5)))
              .build();
      TestGrpc.Reply<ModelInferResponse> r =
          grpc.oip("ModelInfer", req, ModelInferResponse.getDefaultInstance());
      assertThat(r.status()).isEqualTo(GrpcStatus.OK);
    }
    await().until(() -> Files.exists(log) && withId("grpc-42").size() == 2);
    List<JsonNode> pair = withId("grpc-42");
    assertThat(pair.get(0).at("/data/modelName").asText()).isEqualTo("fraud");
    assertThat(pair.get(0).at("/data/inputs/0/contents").asText()).isEqualTo("REDACTED");
    assertThat(pair.get(1).at("/data/outputs/0/contents/int64Contents/0").asText()).isEqualTo("0");
  }
}
