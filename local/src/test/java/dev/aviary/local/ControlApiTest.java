package dev.aviary.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.Socket;
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
 * The control API over real HTTP on a platform that never gets a valid deployment, so no replica is
 * started ("true" stands in for the serve command and is never run).
 */
class ControlApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  private static PlatformOptions options(Path dir, String token) {
    return new PlatformOptions(
        dir, "127.0.0.1", 0, "127.0.0.1", 0, token, List.of("true"), dir, null, null);
  }

  private HttpResponse<String> send(
      Platform p, String method, String path, String body, String token) throws Exception {
    return send(p, method, path, body, token, body == null ? null : "application/yaml", null);
  }

  private HttpResponse<String> send(
      Platform p,
      String method,
      String path,
      String body,
      String token,
      String contentType,
      String origin)
      throws Exception {
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
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    if (origin != null) {
      b.header("Origin", origin);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * A GET with the given {@code Host} header, over a plain socket: the JDK client does not let a
   * caller set {@code Host}, and a browser after a DNS rebinding sends the attacker's name there.
   */
  private static Raw rawGet(Platform p, String path, String host) throws Exception {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), p.apiPort())) {
      s.setSoTimeout(10_000);
      s.getOutputStream()
          .write(
              ("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int status = Integer.parseInt(response.substring(9, 12));
      return new Raw(status, response.substring(response.indexOf("\r\n\r\n") + 4));
    }
  }

  private record Raw(int status, String body) {}

  private static final String TEMPLATE =
      "apiVersion: aviary.dev/v1alpha1\nkind: AnalysisTemplate\nmetadata: {name: errors}\n"
          + "spec:\n  metrics:\n    - name: error-rate\n"
          + "      provider: {builtin: {metric: errorRate}}\n"
          + "      successCondition: result <= 0.01\n";

  @Test
  void a_cross_site_simple_request_to_apply_is_refused_and_changes_nothing(@TempDir Path dir)
      throws Exception {
    try (Platform p = Platform.start(options(dir, null))) {
      HttpResponse<String> attack =
          send(p, "POST", "/api/v1/apply", TEMPLATE, null, "text/plain", "http://evil.example");
      assertThat(attack.statusCode()).isEqualTo(403);
      assertThat(JSON.readTree(attack.body()).path("error").asText())
          .isEqualTo(
              "Origin: 'http://evil.example' is not this API's origin;"
                  + " cross-site requests are refused");
      HttpResponse<String> plain =
          send(p, "POST", "/api/v1/apply", TEMPLATE, null, "text/plain;charset=UTF-8", null);
      assertThat(plain.statusCode()).isEqualTo(415);
      assertThat(JSON.readTree(plain.body()).path("error").asText())
          .contains("Content-Type: 'text/plain;charset=UTF-8'")
          .contains("application/json or application/yaml");
      HttpResponse<String> yamlFromElsewhere =
          send(
              p,
              "POST",
              "/api/v1/apply",
              TEMPLATE,
              null,
              "application/yaml",
              "http://evil.example");
      assertThat(yamlFromElsewhere.statusCode()).isEqualTo(403);
      // nothing was stored: the first real apply creates the template
      assertThat(send(p, "POST", "/api/v1/apply", TEMPLATE, null).body())
          .contains("analysistemplate/errors configured");
      assertThat(send(p, "POST", "/api/v1/apply", TEMPLATE, null).body())
          .contains("analysistemplate/errors unchanged");
    }
  }

  @Test
  void a_command_without_a_json_body_type_is_refused(@TempDir Path dir) throws Exception {
    try (Platform p = Platform.start(options(dir, null))) {
      HttpResponse<String> r =
          send(p, "POST", "/api/v1/deployments/fraud/promote", null, null, null, null);
      assertThat(r.statusCode()).isEqualTo(415);
      assertThat(r.body()).contains("Content-Type: missing");
    }
  }

  @Test
  void a_request_naming_another_host_is_refused_so_dns_rebinding_reads_nothing(@TempDir Path dir)
      throws Exception {
    try (Platform p = Platform.start(options(dir, null))) {
      Raw rebound = rawGet(p, "/api/v1/deployments", "evil.example:" + p.apiPort());
      assertThat(rebound.status()).isEqualTo(421);
      assertThat(JSON.readTree(rebound.body()).path("error").asText())
          .startsWith("Host: 'evil.example:" + p.apiPort() + "' is not an address of this API");
      assertThat(rawGet(p, "/api/v1/events", "evil.example").status()).isEqualTo(421);
      assertThat(rawGet(p, "/api/v1/deployments", "localhost:" + p.apiPort()).status())
          .isEqualTo(200);
      assertThat(rawGet(p, "/api/v1/deployments", "[::1]:" + p.apiPort()).status()).isEqualTo(200);
      assertThat(rawGet(p, "/healthz", "evil.example").status()).isEqualTo(200);
    }
  }

  @Test
  void the_apis_own_origin_is_accepted_and_another_refused_on_every_method(@TempDir Path dir)
      throws Exception {
    try (Platform p = Platform.start(options(dir, null))) {
      String own = "http://127.0.0.1:" + p.apiPort();
      assertThat(send(p, "GET", "/api/v1/deployments", null, null, null, own).statusCode())
          .isEqualTo(200);
      assertThat(
              send(p, "GET", "/api/v1/deployments", null, null, null, "http://evil.example")
                  .statusCode())
          .isEqualTo(403);
      assertThat(
              send(p, "DELETE", "/api/v1/deployments/x", null, null, null, "http://evil.example")
                  .statusCode())
          .isEqualTo(403);
    }
  }

  @Test
  void the_request_checks_come_before_the_token_and_the_token_is_only_read_from_the_header(
      @TempDir Path dir) throws Exception {
    try (Platform p = Platform.start(options(dir, "s3cret"))) {
      assertThat(
              send(p, "POST", "/api/v1/apply", TEMPLATE, "s3cret", "text/plain", null).statusCode())
          .isEqualTo(415);
      assertThat(send(p, "GET", "/api/v1/deployments?token=s3cret", null, null).statusCode())
          .isEqualTo(401);
      HttpResponse<String> cookie =
          http.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + p.apiPort() + "/api/v1/deployments"))
                  .header("Cookie", "token=s3cret")
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(cookie.statusCode()).isEqualTo(401);
      assertThat(cookie.headers().firstValue("WWW-Authenticate")).contains("Bearer");
      assertThat(send(p, "GET", "/healthz", null, null).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void an_invalid_spec_is_rejected_with_every_problem_and_its_path_and_nothing_is_stored(
      @TempDir Path dir) throws Exception {
    try (Platform p = Platform.start(options(dir, null))) {
      String bad =
          "apiVersion: aviary.dev/v1alpha1\n"
              + "kind: ModelDeployment\n"
              + "metadata: {name: fraud}\n"
              + "spec:\n"
              + "  model: {name: fraud, version: \"1\", uri: nope}\n"
              + "  replicas: 0\n"
              + "  strategy: {canary: {steps: [{setWeight: 150}]}}\n";
      HttpResponse<String> r = send(p, "POST", "/api/v1/apply", bad, null);
      assertThat(r.statusCode()).isEqualTo(400);
      JsonNode body = JSON.readTree(r.body());
      assertThat(body.path("error").asText()).contains("nothing was changed");
      assertThat(body.path("problems").toString())
          .contains("spec.model.uri")
          .contains("spec.replicas")
          .contains("spec.strategy.canary.steps[0].setWeight");
      JsonNode list = JSON.readTree(send(p, "GET", "/api/v1/deployments", null, null).body());
      assertThat(list.path("deployments")).isEmpty();
    }
  }

  @Test
  void retry_of_a_rollout_that_was_not_aborted_is_refused_with_the_reason(@TempDir Path dir)
      throws Exception {
    Path model = Path.of("../examples/fraud/models/v1/model.onnx").toAbsolutePath().normalize();
    try (Platform p =
        Platform.start(options(dir, null).withModelRoots(List.of(model.getParent())))) {
      String spec =
          "apiVersion: aviary.dev/v1alpha1\nkind: ModelDeployment\n"
              + "metadata: {name: fraud}\nspec:\n  model: {name: fraud, version: \"1\","
              + " uri: \"file:"
              + model
              + "\"}\n  strategy: {canary: {steps: []}}\n";
      assertThat(send(p, "POST", "/api/v1/apply", spec, null).statusCode()).isEqualTo(200);
      long deadline = System.nanoTime() + 30_000_000_000L;
      String phase = "";
      while (phase.isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(100);
        phase =
            JSON.readTree(send(p, "GET", "/api/v1/deployments/fraud", null, null).body())
                .path("status")
                .path("phase")
                .asText("");
      }
      assertThat(phase).as("the control loop has written a status").isNotEmpty();

      HttpResponse<String> r = send(p, "POST", "/api/v1/deployments/fraud/retry", "{}", null);
      assertThat(r.statusCode()).isEqualTo(409);
      assertThat(JSON.readTree(r.body()).path("error").asText())
          .startsWith("only an aborted rollout can be retried, and fraud is " + phase);
    }
  }

  @Test
  void a_model_file_that_does_not_exist_is_rejected_before_anything_starts(@TempDir Path dir)
      throws Exception {
    try (Platform p = Platform.start(options(dir, null))) {
      String spec =
          "apiVersion: aviary.dev/v1alpha1\nkind: ModelDeployment\n"
              + "metadata: {name: fraud}\nspec:\n  model: {name: fraud, version: \"1\","
              + " uri: \"file:missing.onnx\"}\n  strategy: {canary: {steps: []}}\n";
      HttpResponse<String> r = send(p, "POST", "/api/v1/apply", spec, null);
      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(r.body()).contains("spec.model.uri: no such file");
    }
  }

  @Test
  void unknown_deployments_commands_and_bad_bodies_get_json_errors(@TempDir Path dir)
      throws Exception {
    try (Platform p = Platform.start(options(dir, null))) {
      HttpResponse<String> missing = send(p, "GET", "/api/v1/deployments/nope", null, null);
      assertThat(missing.statusCode()).isEqualTo(404);
      assertThat(JSON.readTree(missing.body()).path("error").asText()).contains("nope");
      assertThat(send(p, "POST", "/api/v1/deployments/nope/promote", "{}", null).statusCode())
          .isEqualTo(404);
      HttpResponse<String> cmd = send(p, "POST", "/api/v1/deployments/x/explode", "{}", null);
      assertThat(cmd.statusCode()).isEqualTo(404);
      assertThat(cmd.body()).contains("expected one of abort, pause, promote");
      HttpResponse<String> badBody =
          send(p, "POST", "/api/v1/deployments/x/undo", "{\"toRevision\": \"two\"}", null);
      assertThat(badBody.statusCode()).isEqualTo(400);
      assertThat(badBody.body()).contains("toRevision");
      assertThat(send(p, "POST", "/api/v1/apply", "", null).statusCode()).isEqualTo(400);
      assertThat(send(p, "POST", "/api/v1/apply", "{{{", null).body()).contains("not valid YAML");
      assertThat(send(p, "GET", "/api/v1/nothing", null, null).statusCode()).isEqualTo(404);
    }
  }

  @Test
  void templates_are_stored_and_a_reference_to_an_unknown_one_is_rejected(@TempDir Path dir)
      throws Exception {
    try (Platform p = Platform.start(options(dir, null))) {
      String template =
          "apiVersion: aviary.dev/v1alpha1\nkind: AnalysisTemplate\nmetadata: {name: errors}\n"
              + "spec:\n  metrics:\n    - name: error-rate\n"
              + "      provider: {builtin: {metric: errorRate}}\n"
              + "      successCondition: result <= 0.01\n";
      HttpResponse<String> ok = send(p, "POST", "/api/v1/apply", template, null);
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(ok.body()).contains("analysistemplate/errors configured");
      assertThat(send(p, "POST", "/api/v1/apply", template, null).body())
          .contains("analysistemplate/errors unchanged");
      String deployment =
          "apiVersion: aviary.dev/v1alpha1\nkind: ModelDeployment\nmetadata: {name: fraud}\n"
              + "spec:\n  model: {name: fraud, version: \"1\", uri: \"file:m.onnx\"}\n"
              + "  strategy: {canary: {steps: [{analysis: {templates: [{templateName: "
              + "missing}]}}]}}\n";
      HttpResponse<String> bad = send(p, "POST", "/api/v1/apply", deployment, null);
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(bad.body()).contains("spec.strategy.canary.steps[0].analysis.templates[0]");
    }
  }

  @Test
  void with_a_token_every_api_call_needs_it(@TempDir Path dir) throws Exception {
    try (Platform p = Platform.start(options(dir, "s3cret"))) {
      assertThat(send(p, "GET", "/api/v1/deployments", null, null).statusCode()).isEqualTo(401);
      assertThat(send(p, "GET", "/api/v1/deployments", null, "wrong").statusCode()).isEqualTo(401);
      assertThat(send(p, "GET", "/api/v1/deployments", null, "s3cret").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void binding_beyond_loopback_without_a_token_is_refused(@TempDir Path dir) {
    assertThatThrownBy(
            () ->
                new PlatformOptions(
                    dir, "0.0.0.0", 0, "127.0.0.1", 0, null, List.of("true"), dir, null, null))
        .hasMessageContaining("token is required");
  }
}
