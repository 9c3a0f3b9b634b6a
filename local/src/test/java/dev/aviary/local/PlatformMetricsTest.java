package dev.aviary.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/v1/metrics} over real HTTP on a real platform whose replicas never get ready
 * ("true" stands in for the serve command), checked by the real promtool.
 */
class PlatformMetricsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void the_rollout_phase_and_ready_replicas_are_exported_behind_the_token(@TempDir Path dir)
      throws Exception {
    Path model = Path.of("../examples/fraud/models/v1/model.onnx").toAbsolutePath().normalize();
    PlatformOptions options =
        new PlatformOptions(
                dir, "127.0.0.1", 0, "127.0.0.1", 0, "s3cret", List.of("true"), dir, null, null)
            .withModelRoots(List.of(model.getParent()));
    try (Platform p = Platform.start(options)) {
      String spec =
          "apiVersion: aviary.dev/v1alpha1\nkind: ModelDeployment\n"
              + "metadata: {name: fraud}\nspec:\n  model: {name: fraud, version: \"1\","
              + " uri: \"file:"
              + model
              + "\"}\n  strategy: {canary: {steps: []}}\n";
      assertThat(send(p, "POST", "/api/v1/apply", spec, "s3cret").statusCode()).isEqualTo(200);
      long deadline = System.nanoTime() + 30_000_000_000L;
      String phase = "";
      String metrics = "";
      while ((phase.isEmpty() || !metrics.contains("aviary_replicas_ready{"))
          && System.nanoTime() < deadline) {
        Thread.sleep(100);
        phase =
            JSON.readTree(send(p, "GET", "/api/v1/deployments/fraud", null, "s3cret").body())
                .path("status")
                .path("phase")
                .asText("");
        metrics = send(p, "GET", "/api/v1/metrics", null, "s3cret").body();
      }
      assertThat(phase).as("the control loop has written a status").isNotEmpty();

      HttpResponse<String> r = send(p, "GET", "/api/v1/metrics", null, "s3cret");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type"))
          .hasValue("text/plain; version=0.0.4; charset=utf-8");
      String current =
          JSON.readTree(send(p, "GET", "/api/v1/deployments/fraud", null, "s3cret").body())
              .path("status")
              .path("phase")
              .asText();
      assertThat(r.body())
          .contains("# TYPE aviary_rollout_phase gauge")
          .contains("aviary_rollout_phase{deployment=\"fraud\",phase=\"" + current + "\"} 1")
          .containsPattern("aviary_replicas_ready\\{deployment=\"fraud\",revision=\"[^\"]+\"} 0");
      assertThat(r.body().lines().filter(l -> l.startsWith("aviary_rollout_phase{")))
          .hasSize(dev.aviary.engine.Phase.values().length)
          .filteredOn(l -> l.endsWith(" 1"))
          .hasSize(1);
      assertThat(promtoolCheckMetrics(r.body())).isEmpty();

      assertThat(send(p, "GET", "/api/v1/metrics", null, null).statusCode()).isEqualTo(401);
      assertThat(send(p, "GET", "/api/v1/metrics", null, "wrong").statusCode()).isEqualTo(401);
    }
  }

  /** What {@code promtool check metrics} finds wrong in the text (lint problems included). */
  private static String promtoolCheckMetrics(String text) throws Exception {
    Process p =
        new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
    try (var in = p.getOutputStream()) {
      in.write(text.getBytes(StandardCharsets.UTF_8));
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as("promtool check metrics:\n%s", out).isZero();
    return out;
  }

  private HttpResponse<String> send(
      Platform p, String method, String path, String body, String token) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p.apiPort() + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      b.header("Content-Type", "application/yaml");
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
