package dev.aviary.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Specs that would make the platform run something of the spec's choosing, tell which files exist,
 * or be served otherwise than they say (a traffic provider it does not have), are refused by the
 * control API over real HTTP with a 400 naming the field, and nothing is stored. ("true" stands in
 * for the serve command; no spec here is valid, so it never runs.)
 */
class UnsafeSpecApplyTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  /** A platform with its state in {@code state} and models under {@code base} only. */
  private static PlatformOptions options(Path state, Path base) {
    return new PlatformOptions(
        state, "127.0.0.1", 0, "127.0.0.1", 0, null, List.of("true"), base, null, null);
  }

  private static String spec(String uri, String server) {
    return "apiVersion: aviary.dev/v1alpha1\nkind: ModelDeployment\nmetadata: {name: fraud}\n"
        + "spec:\n  model: {name: fraud, version: \"1\", uri: \""
        + uri
        + "\"}\n"
        + server
        + "  strategy: {canary: {steps: [{setWeight: 50}]}}\n";
  }

  private HttpResponse<String> apply(Platform p, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p.apiPort() + "/api/v1/apply"))
            .header("Content-Type", "application/yaml")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode deployments(Platform p) throws Exception {
    return JSON.readTree(
            http.send(
                    HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + p.apiPort() + "/api/v1/deployments"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .body())
        .path("deployments");
  }

  /** The problems of a refused apply, after checking it changed nothing. */
  private List<String> refused(Platform p, String body) throws Exception {
    HttpResponse<String> r = apply(p, body);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    JsonNode json = JSON.readTree(r.body());
    assertThat(json.path("error").asText()).contains("nothing was changed");
    assertThat(deployments(p)).isEmpty();
    List<String> out = new java.util.ArrayList<>();
    json.path("problems").forEach(n -> out.add(n.asText()));
    return out;
  }

  @Test
  void java_tool_options_and_an_unknown_server_flag_are_refused_with_their_paths(@TempDir Path dir)
      throws Exception {
    Files.writeString(dir.resolve("m.onnx"), "model");
    try (Platform p = Platform.start(options(dir, dir))) {
      List<String> problems =
          refused(
              p,
              spec(
                  "file:m.onnx",
                  "  server:\n"
                      + "    env: {JAVA_TOOL_OPTIONS: \"-XX:OnOutOfMemoryError=touch "
                      + dir.resolve("pwned")
                      + " -Xmx3m\"}\n"
                      + "    args: [\"--no-such-flag\"]\n"));
      assertThat(problems)
          .anySatisfy(
              s ->
                  assertThat(s)
                      .startsWith("spec.server.env.JAVA_TOOL_OPTIONS: not allowed")
                      .endsWith("allowed: AVIARY_LOG_LEVEL, AVIARY_SERVICE_NAME"))
          .anySatisfy(
              s ->
                  assertThat(s)
                      .startsWith(
                          "spec.server.args[0]: '--no-such-flag' is not an allowed server flag"));
    }
    assertThat(dir.resolve("pwned")).doesNotExist();
  }

  @Test
  void a_model_outside_the_base_directory_gets_the_same_answer_whether_or_not_it_exists(
      @TempDir Path dir) throws Exception {
    Path base = Files.createDirectories(dir.resolve("base"));
    Files.createSymbolicLink(base.resolve("passwd.onnx"), Path.of("/etc/passwd"));
    Files.createSymbolicLink(base.resolve("etc"), Path.of("/etc"));
    try (Platform p = Platform.start(options(dir, base))) {
      String expected =
          "ModelDeployment fraud: spec.model.uri: must name a file under a model root of this"
              + " platform ("
              + base
              + "); aviary up --model-root adds roots";
      for (String uri :
          List.of(
              "file:/etc/passwd",
              "file:/etc/does-not-exist",
              "file:/etc/shadow",
              "file:../../../../etc/passwd",
              "file:../../../../etc/does-not-exist",
              "file:passwd.onnx",
              "file:etc/passwd",
              "file:etc/does-not-exist")) {
        assertThat(refused(p, spec(uri, ""))).as(uri).containsExactly(expected);
      }
      assertThat(refused(p, spec("file:missing.onnx", "")))
          .containsExactly(
              "ModelDeployment fraud: spec.model.uri: no such file: "
                  + base.resolve("missing.onnx"));
    }
  }

  @Test
  void a_spec_stored_before_the_allow_lists_is_reported_and_its_revision_not_run(@TempDir Path dir)
      throws Exception {
    Files.writeString(dir.resolve("m.onnx"), "model");
    String stored =
        JSON.writeValueAsString(
            new ObjectMapper(new YAMLFactory())
                .readTree(
                    spec(
                        "file:m.onnx",
                        "  server: {env: {JAVA_TOOL_OPTIONS: \"-XX:OnOutOfMemoryError=id\"}}\n")));
    Store store = Store.open(dir.resolve("aviary.db"));
    store.putDeployment("fraud", stored, Instant.now());
    store.close();
    try (Platform p = Platform.start(options(dir, dir))) {
      URI fraud = URI.create("http://127.0.0.1:" + p.apiPort() + "/api/v1/deployments/fraud");
      JsonNode d =
          await()
              .atMost(Duration.ofSeconds(20))
              .until(
                  () ->
                      JSON.readTree(
                          http.send(
                                  HttpRequest.newBuilder(fraud).build(),
                                  HttpResponse.BodyHandlers.ofString())
                              .body()),
                  n -> n.path("status").has("phase"));
      assertThat(d.path("replicas")).isEmpty();
      String events =
          http.send(
                  HttpRequest.newBuilder(URI.create(fraud + "/events")).build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      assertThat(events)
          .contains("InvalidSpec")
          .contains("the stored spec fails today's validation; apply a fixed one:")
          .contains("spec.server.env.JAVA_TOOL_OPTIONS: not allowed");
    }
  }

  @Test
  void a_traffic_provider_other_than_the_embedded_gateway_is_refused(@TempDir Path dir)
      throws Exception {
    Files.writeString(dir.resolve("m.onnx"), "model");
    String canary = "  strategy: {canary: {steps: [{setWeight: 50}]}}\n";
    try (Platform p = Platform.start(options(dir, dir))) {
      for (String provider : List.of("istio", "gatewayApi", "replicas", "nginx")) {
        String routed =
            "  strategy: {canary: {trafficRouting: {provider: "
                + provider
                + "}, steps: [{setWeight: 50}]}}\n";
        assertThat(refused(p, spec("file:m.onnx", "").replace(canary, routed)))
            .as(provider)
            .containsExactly(
                "ModelDeployment fraud: spec.strategy.canary.trafficRouting.provider: the embedded"
                    + " platform routes traffic with its own gateway only: must be 'aviary' (or"
                    + " left out), got '"
                    + provider
                    + "'; gatewayApi, istio and replicas need the Kubernetes operator");
      }
      String aviary =
          "  strategy: {canary: {trafficRouting: {provider: aviary}, steps: [{setWeight: 50}]}}\n";
      assertThat(apply(p, spec("file:m.onnx", "").replace(canary, aviary)).statusCode())
          .isEqualTo(200);
    }
  }
}
