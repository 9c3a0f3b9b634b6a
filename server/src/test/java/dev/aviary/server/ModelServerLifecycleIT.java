package dev.aviary.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedding API: start, port, readiness, drain and stop. */
class ModelServerLifecycleIT {
  @TempDir Path repo;

  private ServerConfig.Builder config() {
    TestModels.regressor(repo.resolve("price/1/model.onnx"));
    return ServerConfig.builder(new ModelSource.Repository(repo)).host("127.0.0.1").port(0);
  }

  @Test
  void drainingTurnsReadinessOffWhileRequestsAreStillServed() throws Exception {
    ModelServer server = ModelServer.start(config().drainDelay(Duration.ofSeconds(1)).build());
    TestHttp http = new TestHttp(server.port());
    await().atMost(Duration.ofSeconds(30)).until(server::isReady);
    CompletableFuture<Boolean> stopped = CompletableFuture.supplyAsync(server::drainAndStop);
    await().atMost(Duration.ofSeconds(5)).until(server::isDraining);
    TestHttp.Reply ready = http.get("/readyz");
    assertThat(ready.status()).isEqualTo(503);
    assertThat(ready.json().get("draining").asBoolean()).isTrue();
    assertThat(http.post("/v2/models/price/infer", ModelServerIT.regressorBody()).status())
        .isEqualTo(200);
    assertThat(stopped.get()).isTrue();
    assertThat(server.drainAndStop()).as("a second call returns the first result").isTrue();
  }

  @Test
  void requestsStillRunningAtTheShutdownTimeoutMakeTheStopUnclean() throws Exception {
    ModelServer server =
        ModelServer.start(
            config()
                .drainDelay(Duration.ZERO)
                .shutdownTimeout(Duration.ofSeconds(1))
                .faultLatency(Duration.ofSeconds(20))
                .build());
    TestHttp http = new TestHttp(server.port());
    await().atMost(Duration.ofSeconds(30)).until(server::isReady);
    CompletableFuture<?> slow =
        CompletableFuture.runAsync(
            () -> {
              try {
                http.post("/v2/models/price/infer", ModelServerIT.regressorBody());
              } catch (RuntimeException expected) {
                // cut off by the shutdown
              }
            });
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                http.get("/metrics").body().contains("aviary_http_server_requests_in_flight 2.0"));
    assertThat(server.drainAndStop()).isFalse();
    slow.get();
  }
}
