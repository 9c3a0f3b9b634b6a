package dev.aviary.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
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

/**
 * Two servers over the same repository, one batching and one not, answer concurrent ragged requests
 * over loopback HTTP identically.
 */
class BatchingIT {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  @TempDir static Path repo;
  static ModelServer batching;
  static ModelServer plain;
  static TestHttp batched;
  static TestHttp unbatched;

  @BeforeAll
  static void start() throws Exception {
    TestModels.allTypes(repo.resolve("types/1/model.onnx"));
    TestModels.classifier(repo.resolve("fraud/1/model.onnx"));
    Files.writeString(repo.resolve("fraud/config.yaml"), "maxBatchSize: 1\n");
    batching =
        ModelServer.start(
            ServerConfig.builder(new ModelSource.Repository(repo))
                .host("127.0.0.1")
                .port(0)
                .inferenceThreads(2)
                .batching(new BatchSettings(32, Duration.ofMillis(1), 512))
                .build());
    plain =
        ModelServer.start(
            ServerConfig.builder(new ModelSource.Repository(repo))
                .host("127.0.0.1")
                .port(0)
                .build());
    batched = new TestHttp(batching.port());
    unbatched = new TestHttp(plain.port());
    await().atMost(Duration.ofSeconds(30)).until(() -> batching.isReady() && plain.isReady());
  }

  @AfterAll
  static void stop() {
    batching.close();
    plain.close();
  }

  static String body(InferenceRequest r, String id) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("id", id);
    ArrayNode inputs = root.putArray("inputs");
    for (Tensor t : r.inputs()) {
      ObjectNode n = inputs.addObject();
      n.put("name", t.name());
      n.put("datatype", t.datatype().name());
      ArrayNode shape = n.putArray("shape");
      for (long d : t.shape()) {
        shape.add(d);
      }
      n.set("data", MAPPER.valueToTree(t.data()));
    }
    return root.toString();
  }

  @Test
  void concurrentRaggedRequestsGetTheSameAnswersWithAndWithoutBatching() throws Exception {
    ExecutorService clients = Executors.newFixedThreadPool(12);
    try {
      List<CompletableFuture<Void>> all = new ArrayList<>();
      for (int c = 0; c < 12; c++) {
        int client = c;
        all.add(
            CompletableFuture.runAsync(
                () -> {
                  Random rnd = new Random(client);
                  for (int i = 0; i < 15; i++) {
                    String body =
                        body(
                            DynamicBatcherTest.allTypes(rnd, 1 + rnd.nextInt(3)),
                            "c" + client + "-" + i);
                    TestHttp.Reply a = batched.post("/v2/models/types/infer", body);
                    TestHttp.Reply b = unbatched.post("/v2/models/types/infer", body);
                    assertThat(a.status()).as(a.body()).isEqualTo(200);
                    assertThat(a.json()).isEqualTo(b.json());
                  }
                },
                clients));
      }
      CompletableFuture.allOf(all.toArray(new CompletableFuture[0])).get(90, TimeUnit.SECONDS);
    } finally {
      clients.shutdownNow();
    }
    String metrics = batched.get("/metrics").body();
    assertThat(metrics)
        .contains("aviary_batch_size_count{model=\"types\",version=\"1\"}")
        .contains("aviary_batch_queue_duration_seconds_count{model=\"types\",version=\"1\"}")
        .contains("aviary_batch_queue_length{model=\"types\",version=\"1\"}");
  }

  @Test
  void aModelWhoseConfigTurnsBatchingOffIsServedWithoutTheBatcher() {
    String body =
        "{\"inputs\":[{\"name\":\"features\",\"shape\":[2,2],\"datatype\":\"FP32\","
            + "\"data\":[5,0,0,5]}]}";
    TestHttp.Reply a = batched.post("/v2/models/fraud/infer", body);
    assertThat(a.status()).as(a.body()).isEqualTo(200);
    assertThat(a.json()).isEqualTo(unbatched.post("/v2/models/fraud/infer", body).json());
    assertThat(batched.get("/metrics").body())
        .doesNotContain("aviary_batch_size_count{model=\"fraud\"");
  }

  @Test
  void badInputToABatchedModelIsStillAClearClientError() {
    TestHttp.Reply r =
        batched.post(
            "/v2/models/types/infer",
            "{\"inputs\":[{\"name\":\"f32\",\"shape\":[1,3],\"datatype\":\"FP32\",\"data\":[1]}]}");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("error").asText()).isNotBlank();
  }

  @Test
  void withNoDelayConcurrentRequestsStillShareCalls(@TempDir Path dir) throws Exception {
    // With a zero delay, batches form only from requests that queued while every batch slot was
    // busy; requests must reach the queue even then.
    TestModels.slow(dir.resolve("slow/1/model.onnx"));
    int clients = 16;
    int each = 5;
    try (ModelServer server =
        ModelServer.start(
            ServerConfig.builder(new ModelSource.Repository(dir))
                .host("127.0.0.1")
                .port(0)
                .inferenceThreads(2)
                .batching(new BatchSettings(8, Duration.ZERO, 512))
                .build())) {
      await().atMost(Duration.ofSeconds(30)).until(server::isReady);
      TestHttp http = new TestHttp(server.port());
      ExecutorService pool = Executors.newFixedThreadPool(clients);
      StartLine go = new StartLine(clients);
      try {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
          int client = c;
          all.add(
              CompletableFuture.runAsync(
                  () -> {
                    go.arrive(); // all sending at once
                    for (int i = 0; i < each; i++) {
                      float x = client * 10 + i;
                      TestHttp.Reply r =
                          http.post(
                              "/v2/models/slow/infer",
                              "{\"inputs\":[{\"name\":\"x\",\"shape\":[1,1],"
                                  + "\"datatype\":\"FP32\",\"data\":["
                                  + x
                                  + "]}]}");
                      assertThat(r.status()).as(r.body()).isEqualTo(200);
                      assertThat(r.json().at("/outputs/0/data/0").floatValue())
                          // A float sum of a million terms: close, not exact (rows differ by > 0.5
                          // %).
                          .isCloseTo(x * 1_000_000f, withinPercentage(0.2));
                    }
                  },
                  pool));
        }
        CompletableFuture.allOf(all.toArray(new CompletableFuture[0])).get(90, TimeUnit.SECONDS);
      } finally {
        pool.shutdownNow();
      }
      double modelCalls =
          PrometheusText.value(
              http.get("/metrics").body(), "aviary_batch_size_count{model=\"slow\"");
      // The warm-up call at load time is not a batch; every request is one row.
      assertThat(modelCalls).isLessThan(clients * each);
    }
  }
}
