package dev.aviary.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Problems the control loop finds on every tick become one event each, on a real platform over HTTP
 * ("true" stands in for the serve command: its replicas exit at once and are restarted).
 */
class ControlLoopEventsTest {
  private final HttpClient http = HttpClient.newHttpClient();

  private static final String SPEC =
      """
      apiVersion: aviary.dev/v1alpha1
      kind: ModelDeployment
      metadata: {name: fraud}
      spec:
        model: {name: fraud, version: "1", uri: "file:models/fraud.onnx"}
        replicas: 1
        strategy: {canary: {steps: [{setWeight: 50}]}}
      """;

  private List<Store.StoredEvent> events(Platform p, String reason) {
    return p.events(0).stream()
        .filter(e -> e.deployment().equals("fraud") && e.reason().equals(reason))
        .toList();
  }

  private HttpResponse<String> apply(Platform p, String yaml) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p.apiPort() + "/api/v1/apply"))
            .header("Content-Type", "application/yaml")
            .POST(HttpRequest.BodyPublishers.ofString(yaml))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A platform on {@code dir}'s state that may read models under {@code root} only. */
  private static PlatformOptions options(Path dir, Path root) {
    return new PlatformOptions(
        dir.resolve("state"),
        "127.0.0.1",
        0,
        "127.0.0.1",
        0,
        null,
        List.of("true"),
        dir,
        null,
        null,
        List.of(root));
  }

  @Test
  void a_revision_that_cannot_run_is_reported_once_as_an_event_not_on_every_tick(@TempDir Path dir)
      throws Exception {
    Path models = Files.createDirectories(dir.resolve("models"));
    Path other = Files.createDirectories(dir.resolve("other"));
    Files.writeString(models.resolve("fraud.onnx"), "model");
    try (Platform p = Platform.start(options(dir, models))) {
      assertThat(apply(p, SPEC).statusCode()).isEqualTo(200);
      await().atMost(Duration.ofSeconds(20)).until(() -> !events(p, "ReplicaRestarting").isEmpty());
      assertThat(events(p, "CannotRun")).isEmpty();
    }
    // Started again without the root the stored spec's model is under.
    try (Platform p = Platform.start(options(dir, other))) {
      await().atMost(Duration.ofSeconds(20)).until(() -> !events(p, "CannotRun").isEmpty());
      Thread.sleep(3000); // six more ticks, each of which finds the revision unrunnable again

      List<Store.StoredEvent> cannotRun = events(p, "CannotRun");
      assertThat(cannotRun).hasSize(1);
      assertThat(cannotRun.get(0).type()).isEqualTo("Warning");
      assertThat(cannotRun.get(0).message())
          .startsWith("revision ")
          .contains("cannot run here: spec.model.uri: must name a file under a model root");
    }
  }
}
