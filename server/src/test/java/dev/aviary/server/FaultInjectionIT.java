package dev.aviary.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --fault-error-rate and --fault-latency, and the warning they log. */
class FaultInjectionIT {
  @TempDir Path repo;

  @Test
  void requestsBeyondTheQueueLimitGet503WithRetryAfter() throws Exception {
    TestModels.regressor(repo.resolve("price/1/model.onnx"));
    try (ModelServer server =
        ModelServer.start(
            ServerConfig.builder(new ModelSource.Repository(repo))
                .host("127.0.0.1")
                .port(0)
                .drainDelay(Duration.ZERO)
                .maxQueuedRequests(1)
                .faultLatency(Duration.ofSeconds(2))
                .build())) {
      TestHttp http = new TestHttp(server.port());
      await().atMost(Duration.ofSeconds(30)).until(server::isReady);
      var slow =
          java.util.concurrent.CompletableFuture.supplyAsync(
              () -> http.post("/v2/models/price/infer", ModelServerIT.regressorBody()));
      // The scrape itself is in flight too, hence 2.
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  http.get("/metrics")
                      .body()
                      .contains("aviary_http_server_requests_in_flight 2.0"));
      TestHttp.Reply rejected = http.post("/v2/models/price/infer", ModelServerIT.regressorBody());
      assertThat(rejected.status()).isEqualTo(503);
      assertThat(rejected.header("Retry-After")).isEqualTo("1");
      assertThat(rejected.json().get("error").asText()).startsWith("server is overloaded");
      assertThat(slow.get().status()).isEqualTo(200);
    }
  }

  @Test
  void injectedFaultsAnswer500WithTraceIdAfterTheAddedLatencyAndAreCounted() {
    TestModels.regressor(repo.resolve("price/1/model.onnx"));
    try (LogCapture logs = new LogCapture();
        ModelServer server =
            ModelServer.start(
                ServerConfig.builder(new ModelSource.Repository(repo))
                    .host("127.0.0.1")
                    .port(0)
                    .drainDelay(Duration.ZERO)
                    .faultErrorRate(1.0)
                    .faultLatency(Duration.ofMillis(300))
                    .build())) {
      TestHttp http = new TestHttp(server.port());
      await().atMost(Duration.ofSeconds(30)).until(server::isReady);
      assertThat(logs.events())
          .anySatisfy(
              e -> {
                assertThat(e.getLevel()).isEqualTo(Level.WARN);
                assertThat(e.getFormattedMessage()).startsWith("FAULT INJECTION IS ON");
              });

      long t0 = System.nanoTime();
      TestHttp.Reply r = http.post("/v2/models/price/infer", ModelServerIT.regressorBody());
      long elapsedMs = (System.nanoTime() - t0) / 1_000_000;
      assertThat(r.status()).isEqualTo(500);
      assertThat(r.json().get("error").asText()).startsWith("injected fault (--fault-error-rate)");
      assertThat(r.json().get("trace_id").asText()).isEqualTo(r.header("X-Trace-Id"));
      assertThat(elapsedMs).isGreaterThanOrEqualTo(300);
      // Faults touch inference only: probes and metadata are unaffected.
      assertThat(http.get("/readyz").status()).isEqualTo(200);
      assertThat(http.get("/v2/models/price").status()).isEqualTo(200);
      assertThat(http.get("/metrics").body())
          .contains(
              "aviary_inference_requests_total{model=\"price\",outcome=\"server_error\",version=\"1\"}"
                  + " 1.0");
    }
  }
}
