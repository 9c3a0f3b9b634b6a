package dev.aviary.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Missing and corrupt model files keep the server up, not ready, and say why. */
class BrokenModelIT {
  @TempDir Path repo;

  private static ModelServer start(ModelSource source) {
    return ModelServer.start(
        ServerConfig.builder(source).host("127.0.0.1").port(0).drainDelay(Duration.ZERO).build());
  }

  @Test
  void corruptAndMissingFilesLeaveTheServerLiveButNotReadyAndNameTheCause() throws Exception {
    TestModels.regressor(repo.resolve("good/1/model.onnx"));
    TestModels.corrupt(repo.resolve("corrupt/1/model.onnx"));
    Files.createDirectories(repo.resolve("missing/3"));
    try (LogCapture logs = new LogCapture();
        ModelServer server = start(new ModelSource.Repository(repo))) {
      TestHttp http = new TestHttp(server.port());
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> http.get("/v2/models/good/ready").status() == 200);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> !http.get("/readyz").body().contains("LOADING"));

      assertThat(http.get("/healthz").status()).isEqualTo(200);
      assertThat(http.get("/v2/health/live").status()).isEqualTo(200);
      TestHttp.Reply ready = http.get("/readyz");
      assertThat(ready.status()).isEqualTo(503);
      assertThat(http.get("/v2/health/ready").status()).isEqualTo(503);
      JsonNode models = ready.json().get("models");
      assertThat(models.toString())
          .contains("\"name\":\"good\",\"version\":\"1\",\"state\":\"READY\"");
      JsonNode corrupt = find(models, "corrupt");
      assertThat(corrupt.get("state").asText()).isEqualTo("FAILED");
      assertThat(corrupt.get("reason").asText())
          .startsWith("cannot load " + repo.resolve("corrupt/1/model.onnx"));
      JsonNode missing = find(models, "missing");
      assertThat(missing.get("reason").asText())
          .isEqualTo(
              "model file "
                  + repo.resolve("missing/3/model.onnx")
                  + " does not exist or is not a file");

      // The healthy model still serves; the broken ones answer 503 with the reason.
      assertThat(http.post("/v2/models/good/infer", ModelServerIT.regressorBody()).status())
          .isEqualTo(200);
      TestHttp.Reply broken = http.post("/v2/models/corrupt/infer", ModelServerIT.regressorBody());
      assertThat(broken.status()).isEqualTo(503);
      assertThat(broken.json().get("error").asText())
          .startsWith("model 'corrupt' version '1' is not ready: it failed to load: cannot load");
      TestHttp.Reply modelReady = http.get("/v2/models/missing/ready");
      assertThat(modelReady.status()).isEqualTo(503);
      assertThat(modelReady.json().get("ready").asBoolean()).isFalse();
      assertThat(http.get("/v2/models/corrupt").status()).isEqualTo(503);

      assertThat(logs.events())
          .anySatisfy(
              e -> {
                assertThat(e.getLevel()).isEqualTo(Level.ERROR);
                assertThat(e.getFormattedMessage())
                    .startsWith("model corrupt version 1 failed: cannot load");
                assertThat(e.getMDCPropertyMap()).containsEntry("model.name", "corrupt");
              });
    }
  }

  @Test
  void aModelWhoseWarmUpFailsIsNotReadyAndSaysSo() {
    Path file = TestModels.reshapeTo(repo.resolve("two.onnx"), 2);
    try (ModelServer server = start(new ModelSource.SingleModel(file, "two", "1"))) {
      TestHttp http = new TestHttp(server.port());
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> http.get("/readyz").body().contains("FAILED"));
      JsonNode model = http.get("/readyz").json().get("models").get(0);
      assertThat(model.get("reason").asText()).startsWith("warm-up inference failed: ");
      assertThat(http.get("/healthz").status()).isEqualTo(200);
    }
  }

  @Test
  void aMissingSingleModelFileKeepsTheServerUpAndNotReady() {
    Path file = repo.resolve("nope.onnx");
    try (ModelServer server = start(new ModelSource.SingleModel(file, "nope", "1"))) {
      TestHttp http = new TestHttp(server.port());
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> http.get("/readyz").body().contains("FAILED"));
      assertThat(http.get("/healthz").status()).isEqualTo(200);
      assertThat(http.get("/readyz").status()).isEqualTo(503);
      assertThat(server.isReady()).isFalse();
    }
  }

  @Test
  void anEmptyRepositoryIsNotReadyAndSaysWhatLayoutIsExpected() {
    try (ModelServer server = start(new ModelSource.Repository(repo))) {
      TestHttp http = new TestHttp(server.port());
      TestHttp.Reply r = http.get("/readyz");
      assertThat(r.status()).isEqualTo(503);
      assertThat(r.json().get("problems").get(0).asText())
          .isEqualTo(
              "no models found in " + repo + "; expected " + repo + "/<name>/<version>/model.onnx");
    }
  }

  private static JsonNode find(JsonNode models, String name) {
    for (JsonNode m : models) {
      if (m.get("name").asText().equals(name)) {
        return m;
      }
    }
    throw new AssertionError("no model " + name + " in " + models);
  }
}
