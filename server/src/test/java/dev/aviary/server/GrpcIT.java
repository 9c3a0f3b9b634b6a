package dev.aviary.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import dev.aviary.server.grpc.InferTensorContents;
import dev.aviary.server.grpc.ModelInferRequest;
import dev.aviary.server.grpc.ModelInferResponse;
import dev.aviary.server.grpc.ModelMetadataRequest;
import dev.aviary.server.grpc.ModelMetadataResponse;
import dev.aviary.server.grpc.ModelReadyRequest;
import dev.aviary.server.grpc.ModelReadyResponse;
import dev.aviary.server.grpc.ServerLiveRequest;
import dev.aviary.server.grpc.ServerLiveResponse;
import dev.aviary.server.grpc.ServerMetadataRequest;
import dev.aviary.server.grpc.ServerMetadataResponse;
import dev.aviary.server.grpc.ServerReadyRequest;
import dev.aviary.server.grpc.ServerReadyResponse;
import dev.aviary.server.grpc.health.HealthCheckRequest;
import dev.aviary.server.grpc.health.HealthCheckResponse;
import io.vertx.grpc.common.GrpcStatus;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OIP gRPC service and the health service over a real HTTP/2 connection on loopback. */
class GrpcIT {
  @TempDir static Path repo;
  static ModelServer server;
  static TestGrpc grpc;
  static TestHttp http;

  @BeforeAll
  static void start() {
    TestModels.allTypes(repo.resolve("types/1/model.onnx"));
    TestModels.classifier(repo.resolve("fraud/2/model.onnx"));
    TestModels.classifier(repo.resolve("fraud/10/model.onnx"));
    server =
        ModelServer.start(
            ServerConfig.builder(new ModelSource.Repository(repo))
                .host("127.0.0.1")
                .port(0)
                .grpcPort(0)
                .build());
    grpc = new TestGrpc(server.grpcPort());
    http = new TestHttp(server.port());
    await().atMost(Duration.ofSeconds(30)).until(server::isReady);
  }

  @AfterAll
  static void stop() {
    grpc.close();
    server.close();
  }

  static ModelInferRequest.InferInputTensor.Builder input(String name, String type, long... shape) {
    ModelInferRequest.InferInputTensor.Builder b =
        ModelInferRequest.InferInputTensor.newBuilder().setName(name).setDatatype(type);
    for (long s : shape) {
      b.addShape(s);
    }
    return b;
  }

  static ModelInferRequest fraudRequest() {
    return ModelInferRequest.newBuilder()
        .setModelName("fraud")
        .setId("order-1")
        .addInputs(
            input("features", "FP32", 2, 2)
                .setContents(
                    InferTensorContents.newBuilder().addAllFp32Contents(List.of(5f, 0f, 0f, 5f))))
        .build();
  }

  @Test
  void serverLiveReadyAndMetadataAnswer() {
    TestGrpc.Reply<ServerLiveResponse> live =
        grpc.oip(
            "ServerLive",
            ServerLiveRequest.getDefaultInstance(),
            ServerLiveResponse.getDefaultInstance());
    assertThat(live.body().getLive()).isTrue();
    TestGrpc.Reply<ServerReadyResponse> ready =
        grpc.oip(
            "ServerReady",
            ServerReadyRequest.getDefaultInstance(),
            ServerReadyResponse.getDefaultInstance());
    assertThat(ready.body().getReady()).isTrue();
    TestGrpc.Reply<ServerMetadataResponse> meta =
        grpc.oip(
            "ServerMetadata",
            ServerMetadataRequest.getDefaultInstance(),
            ServerMetadataResponse.getDefaultInstance());
    assertThat(meta.body().getName()).isEqualTo("aviary");
  }

  @Test
  void modelReadyAndMetadataDescribeTheModel() {
    TestGrpc.Reply<ModelReadyResponse> ready =
        grpc.oip(
            "ModelReady",
            ModelReadyRequest.newBuilder().setName("fraud").setVersion("2").build(),
            ModelReadyResponse.getDefaultInstance());
    assertThat(ready.body().getReady()).isTrue();
    TestGrpc.Reply<ModelMetadataResponse> meta =
        grpc.oip(
            "ModelMetadata",
            ModelMetadataRequest.newBuilder().setName("fraud").build(),
            ModelMetadataResponse.getDefaultInstance());
    assertThat(meta.body().getVersionsList()).containsExactly("2", "10");
    assertThat(meta.body().getPlatform()).isEqualTo("onnxruntime_onnx");
    assertThat(meta.body().getInputs(0).getName()).isEqualTo("features");
    assertThat(meta.body().getInputs(0).getShapeList()).containsExactly(-1L, 2L);
  }

  @Test
  void unknownModelsAreNotFound() {
    TestGrpc.Reply<ModelMetadataResponse> r =
        grpc.oip(
            "ModelMetadata",
            ModelMetadataRequest.newBuilder().setName("nope").build(),
            ModelMetadataResponse.getDefaultInstance());
    assertThat(r.status()).isEqualTo(GrpcStatus.NOT_FOUND);
    assertThat(r.message()).contains("unknown model 'nope'");
  }

  @Test
  void inferWithTypedContentsGivesTheSameAnswerAsRest() {
    TestGrpc.Reply<ModelInferResponse> r =
        grpc.oip("ModelInfer", fraudRequest(), ModelInferResponse.getDefaultInstance());
    assertThat(r.status()).isEqualTo(GrpcStatus.OK);
    ModelInferResponse body = r.body();
    assertThat(body.getModelName()).isEqualTo("fraud");
    assertThat(body.getModelVersion()).isEqualTo("10");
    assertThat(body.getId()).isEqualTo("order-1");
    var rest =
        http.post(
                "/v2/models/fraud/infer",
                "{\"inputs\":[{\"name\":\"features\",\"shape\":[2,2],\"datatype\":\"FP32\","
                    + "\"data\":[5,0,0,5]}]}")
            .json();
    assertThat(body.getOutputs(0).getName()).isEqualTo("label");
    assertThat(body.getOutputs(0).getContents().getInt64ContentsList())
        .containsExactly(
            rest.get("outputs").get(0).get("data").get(0).asLong(),
            rest.get("outputs").get(0).get("data").get(1).asLong());
    assertThat(body.getOutputsList())
        .extracting(ModelInferResponse.InferOutputTensor::getName)
        .containsExactly("label", "scores", "probabilities");
    ModelInferResponse.InferOutputTensor p = body.getOutputs(2);
    assertThat(p.getShapeList()).containsExactly(2L, 2L);
    assertThat(p.getParametersMap().get("classes").getStringParam()).isEqualTo("[0,1]");
    for (int i = 0; i < 4; i++) {
      assertThat(p.getContents().getFp32Contents(i))
          .isEqualTo((float) rest.get("outputs").get(2).get("data").get(i).asDouble());
    }
  }

  @Test
  void rawInputContentsGetRawOutputContentsForEveryDatatype() {
    InferenceRequest req = DynamicBatcherTest.allTypes(new Random(5), 3);
    ModelInferRequest.Builder b = ModelInferRequest.newBuilder().setModelName("types");
    for (Tensor t : req.inputs()) {
      b.addInputs(input(t.name(), t.datatype().name(), t.shape()));
      b.addRawInputContents(GrpcTensors.toRaw(t));
    }
    TestGrpc.Reply<ModelInferResponse> r =
        grpc.oip("ModelInfer", b.build(), ModelInferResponse.getDefaultInstance());
    assertThat(r.status()).as(r.message()).isEqualTo(GrpcStatus.OK);
    ModelInferResponse body = r.body();
    assertThat(body.getRawOutputContentsCount()).isEqualTo(6);
    assertThat(body.getOutputs(0).hasContents()).isFalse();
    // f32_doubled = f32 + f32
    ByteBuffer out =
        body.getRawOutputContents(0).asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    float[] in = (float[]) req.inputs().get(0).data();
    for (float x : in) {
      assertThat(out.getFloat()).isEqualTo(x + x);
    }
    // identity outputs come back byte for byte; flag_not is the negation
    for (int i : new int[] {1, 2, 3, 5}) {
      assertThat(body.getRawOutputContents(i)).isEqualTo(GrpcTensors.toRaw(req.inputs().get(i)));
    }
    boolean[] flags = (boolean[]) req.inputs().get(4).data();
    ByteString notFlags = body.getRawOutputContents(4);
    for (int i = 0; i < flags.length; i++) {
      assertThat(notFlags.byteAt(i) != 0).isEqualTo(!flags[i]);
    }
  }

  @Test
  void badInputsAreInvalidArgumentsWithTheRestMessage() {
    ModelInferRequest wrongType =
        ModelInferRequest.newBuilder()
            .setModelName("fraud")
            .addInputs(
                input("features", "INT32", 1, 2)
                    .setContents(
                        InferTensorContents.newBuilder().addIntContents(1).addIntContents(2)))
            .build();
    TestGrpc.Reply<ModelInferResponse> r =
        grpc.oip("ModelInfer", wrongType, ModelInferResponse.getDefaultInstance());
    assertThat(r.status()).isEqualTo(GrpcStatus.INVALID_ARGUMENT);
    assertThat(r.message())
        .isEqualTo("input 'features': datatype INT32 does not match the model's FP32");

    ModelInferRequest shortRaw =
        ModelInferRequest.newBuilder()
            .setModelName("fraud")
            .addInputs(input("features", "FP32", 1, 2))
            .addRawInputContents(ByteString.copyFrom(new byte[5]))
            .build();
    r = grpc.oip("ModelInfer", shortRaw, ModelInferResponse.getDefaultInstance());
    assertThat(r.status()).isEqualTo(GrpcStatus.INVALID_ARGUMENT);
    assertThat(r.message())
        .contains("needs 2 elements of 4 bytes (8 bytes)")
        .contains("has 5 bytes");

    for (int count : new int[] {1, 3}) {
      InferTensorContents.Builder contents = InferTensorContents.newBuilder();
      for (int i = 0; i < count; i++) {
        contents.addFp32Contents(i);
      }
      ModelInferRequest wrongCount =
          ModelInferRequest.newBuilder()
              .setModelName("fraud")
              .addInputs(input("features", "FP32", 1, 2).setContents(contents))
              .build();
      r = grpc.oip("ModelInfer", wrongCount, ModelInferResponse.getDefaultInstance());
      assertThat(r.status()).isEqualTo(GrpcStatus.INVALID_ARGUMENT);
      assertThat(r.message())
          .isEqualTo(
              "input 'features': shape needs 2 elements but contents.fp32_contents has " + count);
    }

    ModelInferRequest missing = ModelInferRequest.newBuilder().setModelName("fraud").build();
    r = grpc.oip("ModelInfer", missing, ModelInferResponse.getDefaultInstance());
    assertThat(r.status()).isEqualTo(GrpcStatus.INVALID_ARGUMENT);
    assertThat(r.message()).startsWith("missing input 'features'");
  }

  @Test
  void healthAgreesWithReadinessAndRejectsUnknownServices() {
    TestGrpc.Reply<HealthCheckResponse> h =
        grpc.call(
            GrpcFront.HEALTH,
            "Check",
            HealthCheckRequest.getDefaultInstance(),
            HealthCheckResponse.getDefaultInstance());
    assertThat(h.body().getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
    assertThat(http.get("/readyz").status()).isEqualTo(200);
    TestGrpc.Reply<HealthCheckResponse> unknown =
        grpc.call(
            GrpcFront.HEALTH,
            "Check",
            HealthCheckRequest.newBuilder().setService("other.Service").build(),
            HealthCheckResponse.getDefaultInstance());
    assertThat(unknown.status()).isEqualTo(GrpcStatus.NOT_FOUND);
  }

  @Test
  void concurrentCallsToABatchingModelShareModelCallsAndEachGetsItsOwnRows(@TempDir Path other)
      throws Exception {
    TestModels.slow(other.resolve("slow/1/model.onnx"));
    ModelServer s =
        ModelServer.start(
            ServerConfig.builder(new ModelSource.Repository(other))
                .host("127.0.0.1")
                .port(0)
                .grpcPort(0)
                .inferenceThreads(2)
                .batching(new BatchSettings(8, Duration.ZERO, 512))
                .build());
    int clients = 8;
    int each = 5;
    try {
      TestHttp rest = new TestHttp(s.port());
      await().atMost(Duration.ofSeconds(30)).until(s::isReady);
      // Threads of their own (the common pool may have one thread on 2 CPUs), connected first,
      // then all sending at once.
      ExecutorService pool = Executors.newFixedThreadPool(clients);
      StartLine go = new StartLine(clients);
      List<CompletableFuture<Void>> all = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        int client = c;
        all.add(
            CompletableFuture.runAsync(
                () -> {
                  try (TestGrpc g = new TestGrpc(s.grpcPort())) {
                    go.arrive();
                    for (int i = 0; i < each; i++) {
                      float x = client * 10 + i;
                      ModelInferRequest q =
                          ModelInferRequest.newBuilder()
                              .setModelName("slow")
                              .addInputs(
                                  input("x", "FP32", 1, 1)
                                      .setContents(
                                          InferTensorContents.newBuilder().addFp32Contents(x)))
                              .build();
                      TestGrpc.Reply<ModelInferResponse> r =
                          g.oip("ModelInfer", q, ModelInferResponse.getDefaultInstance());
                      assertThat(r.status()).as(r.message()).isEqualTo(GrpcStatus.OK);
                      assertThat(r.body().getOutputs(0).getContents().getFp32Contents(0))
                          // A float sum of a million terms: close, not exact (rows differ by > 0.5
                          // %).
                          .isCloseTo(x * 1_000_000f, withinPercentage(0.2));
                    }
                  }
                },
                pool));
      }
      try {
        CompletableFuture.allOf(all.toArray(new CompletableFuture[0])).get(90, TimeUnit.SECONDS);
      } finally {
        pool.shutdownNow();
      }
      double modelCalls =
          PrometheusText.value(
              rest.get("/metrics").body(), "aviary_batch_size_count{model=\"slow\"");
      assertThat(modelCalls).isLessThan(clients * each);
    } finally {
      s.close();
    }
  }

  @Test
  void drainingTurnsHealthToNotServingWhileCallsAreStillServedThenClosesThePort(
      @TempDir Path other) {
    TestModels.classifier(other.resolve("fraud/1/model.onnx"));
    ModelServer s =
        ModelServer.start(
            ServerConfig.builder(new ModelSource.Repository(other))
                .host("127.0.0.1")
                .port(0)
                .grpcPort(0)
                .eventLoops(1) // a set number of loops drains the same way as one per CPU
                .drainDelay(Duration.ofSeconds(5))
                .build());
    await().atMost(Duration.ofSeconds(30)).until(s::isReady);
    try (TestGrpc client = new TestGrpc(s.grpcPort())) {
      // Open the connection before draining starts, as a long-lived client would have.
      assertThat(
              client
                  .oip("ModelInfer", fraudRequest(), ModelInferResponse.getDefaultInstance())
                  .status())
          .isEqualTo(GrpcStatus.OK);
      CompletableFuture<Boolean> stopped = CompletableFuture.supplyAsync(s::drainAndStop);
      await().until(s::isDraining);
      TestGrpc.Reply<HealthCheckResponse> h =
          client.call(
              GrpcFront.HEALTH,
              "Check",
              HealthCheckRequest.getDefaultInstance(),
              HealthCheckResponse.getDefaultInstance());
      assertThat(h.body().getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.NOT_SERVING);
      TestGrpc.Reply<ModelInferResponse> r =
          client.oip("ModelInfer", fraudRequest(), ModelInferResponse.getDefaultInstance());
      assertThat(r.status()).isEqualTo(GrpcStatus.OK);
      assertThat(stopped.join()).isTrue();
    }
  }

  @Test
  void healthWatchSendsTheStatusThenEveryChangeAndEndsWhenThePortCloses(@TempDir Path other)
      throws Exception {
    TestModels.classifier(other.resolve("fraud/1/model.onnx"));
    ModelServer s =
        ModelServer.start(
            ServerConfig.builder(new ModelSource.Repository(other))
                .host("127.0.0.1")
                .port(0)
                .grpcPort(0)
                .drainDelay(Duration.ofSeconds(1))
                .shutdownTimeout(Duration.ofMinutes(5))
                .build());
    try (TestGrpc client = new TestGrpc(s.grpcPort())) {
      await().atMost(Duration.ofSeconds(30)).until(s::isReady);
      TestGrpc.Stream<HealthCheckResponse> all =
          client.stream(
              GrpcFront.HEALTH,
              "Watch",
              HealthCheckRequest.getDefaultInstance(),
              HealthCheckResponse.getDefaultInstance());
      TestGrpc.Stream<HealthCheckResponse> oip =
          client.stream(
              GrpcFront.HEALTH,
              "Watch",
              HealthCheckRequest.newBuilder()
                  .setService(GrpcFront.OIP.fullyQualifiedName())
                  .build(),
              HealthCheckResponse.getDefaultInstance());
      TestGrpc.Stream<HealthCheckResponse> unknown =
          client.stream(
              GrpcFront.HEALTH,
              "Watch",
              HealthCheckRequest.newBuilder().setService("other.Service").build(),
              HealthCheckResponse.getDefaultInstance());
      assertThat(all.next().getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
      assertThat(oip.next().getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
      assertThat(unknown.next().getStatus())
          .isEqualTo(HealthCheckResponse.ServingStatus.SERVICE_UNKNOWN);
      assertThat(unknown.end()).isNotDone();

      CompletableFuture<Boolean> stopped = CompletableFuture.supplyAsync(s::drainAndStop);
      assertThat(all.next().getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.NOT_SERVING);
      assertThat(oip.next().getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.NOT_SERVING);
      // Still serving during the drain delay, as /readyz says 503.
      assertThat(
              client
                  .oip("ModelInfer", fraudRequest(), ModelInferResponse.getDefaultInstance())
                  .status())
          .isEqualTo(GrpcStatus.OK);
      // After the drain delay the streams end, so they cannot hold the shutdown (5 minutes here).
      assertThat(all.end().get(30, TimeUnit.SECONDS)).isEqualTo(GrpcStatus.UNAVAILABLE);
      assertThat(unknown.end().get(30, TimeUnit.SECONDS)).isEqualTo(GrpcStatus.UNAVAILABLE);
      assertThat(stopped.get(60, TimeUnit.SECONDS)).isTrue();
      assertThat(all.messages()).isEmpty();
      assertThat(unknown.messages()).isEmpty();
    } finally {
      s.close();
    }
  }

  @Test
  void aModelThatFailedToLoadIsUnavailableAndHealthIsNotServing(@TempDir Path other) {
    TestModels.reshapeTo(other.resolve("broken/1/model.onnx"), 2);
    ModelServer s =
        ModelServer.start(
            ServerConfig.builder(new ModelSource.Repository(other))
                .host("127.0.0.1")
                .port(0)
                .grpcPort(0)
                .build());
    try (TestGrpc client = new TestGrpc(s.grpcPort())) {
      TestHttp rest = new TestHttp(s.port());
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> rest.get("/readyz").json().at("/models/0/state").asText().equals("FAILED"));
      TestGrpc.Reply<ModelInferResponse> r =
          client.oip(
              "ModelInfer",
              ModelInferRequest.newBuilder().setModelName("broken").build(),
              ModelInferResponse.getDefaultInstance());
      assertThat(r.status()).isEqualTo(GrpcStatus.UNAVAILABLE);
      assertThat(r.message()).contains("model 'broken' version '1' is not ready");
      TestGrpc.Reply<HealthCheckResponse> h =
          client.call(
              GrpcFront.HEALTH,
              "Check",
              HealthCheckRequest.getDefaultInstance(),
              HealthCheckResponse.getDefaultInstance());
      assertThat(h.body().getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.NOT_SERVING);
      assertThat(rest.get("/readyz").status()).isEqualTo(503);
    } finally {
      s.close();
    }
  }
}
