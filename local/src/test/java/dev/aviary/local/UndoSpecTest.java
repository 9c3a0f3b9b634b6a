package dev.aviary.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After an undo the stored spec is the one applied for the revision the platform goes back to, on a
 * real platform over HTTP ("true" stands in for the serve command).
 */
class UndoSpecTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  private static String spec(String version) {
    Path model =
        Path.of("../examples/fraud/models/v" + version + "/model.onnx")
            .toAbsolutePath()
            .normalize();
    return "apiVersion: aviary.dev/v1alpha1\nkind: ModelDeployment\n"
        + "metadata: {name: fraud}\nspec:\n  model: {name: fraud, version: \""
        + version
        + "\", uri: \"file:"
        + model
        + "\"}\n  strategy: {canary: {steps: [{setWeight: 20}, {pause: {}}]}}\n";
  }

  private HttpResponse<String> send(Platform p, String method, String path, String body)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p.apiPort() + path))
            .header(
                "Content-Type", path.endsWith("apply") ? "application/yaml" : "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode get(Platform p) throws Exception {
    return JSON.readTree(send(p, "GET", "/api/v1/deployments/fraud", null).body());
  }

  private String apply(Platform p, String yaml) throws Exception {
    HttpResponse<String> r = send(p, "POST", "/api/v1/apply", yaml);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return r.body();
  }

  @Test
  void undo_sets_the_stored_spec_back_so_get_shows_it_and_applying_it_again_is_unchanged(
      @TempDir Path dir) throws Exception {
    PlatformOptions options =
        new PlatformOptions(
            dir,
            "127.0.0.1",
            0,
            "127.0.0.1",
            0,
            null,
            List.of("true"),
            dir,
            null,
            null,
            List.of(Path.of("../examples/fraud/models").toAbsolutePath().normalize()));
    try (Platform p = Platform.start(options)) {
      apply(p, spec("1"));
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> !get(p).path("status").path("stable").isMissingNode());
      apply(p, spec("3"));
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  get(p)
                      .path("status")
                      .path("candidate")
                      .path("model")
                      .path("version")
                      .asText()
                      .equals("3"));

      assertThat(send(p, "POST", "/api/v1/deployments/fraud/undo", "{}").statusCode())
          .isLessThan(300);
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  get(p)
                      .path("spec")
                      .path("spec")
                      .path("model")
                      .path("version")
                      .asText()
                      .equals("1"));

      assertThat(apply(p, spec("1"))).contains("modeldeployment/fraud unchanged");
      assertThat(apply(p, spec("3"))).contains("modeldeployment/fraud configured");
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  get(p)
                      .path("status")
                      .path("candidate")
                      .path("model")
                      .path("version")
                      .asText()
                      .equals("3"));
      assertThat(p.events(0).stream().map(Store.StoredEvent::reason)).contains("SpecRolledBack");
    }
  }
}
