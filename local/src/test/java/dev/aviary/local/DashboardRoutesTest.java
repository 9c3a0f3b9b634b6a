package dev.aviary.local;

import static org.assertj.core.api.Assertions.assertThat;

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
 * The dashboard's routes over real HTTP: its pages are served without the token but under the same
 * Host and Origin checks, and its JSON endpoints sit behind the token like the rest of the API.
 * ("true" stands in for the serve command: replicas never become ready here.)
 */
class DashboardRoutesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOKEN = "test-token-0123456789";
  private static final Path MODEL =
      Path.of("../examples/fraud/models/v1/model.onnx").toAbsolutePath().normalize();
  private final HttpClient http = HttpClient.newHttpClient();

  private static Platform start(Path dir) {
    return Platform.start(
        new PlatformOptions(
                dir, "127.0.0.1", 0, "127.0.0.1", 0, TOKEN, List.of("true"), dir, null, null)
            .withModelRoots(List.of(MODEL.getParent())));
  }

  private HttpResponse<String> get(Platform p, String path, String token) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p.apiPort() + path));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(Platform p, String path, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p.apiPort() + path))
            .header("Authorization", "Bearer " + TOKEN)
            .header(
                "Content-Type", path.endsWith("apply") ? "application/yaml" : "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static int rawStatus(Platform p, String path, String host) throws Exception {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), p.apiPort())) {
      s.setSoTimeout(10_000);
      s.getOutputStream()
          .write(
              ("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return Integer.parseInt(response.substring(9, 12));
    }
  }

  @Test
  void the_pages_are_served_without_the_token_with_headers_that_keep_them_to_themselves(
      @TempDir Path dir) throws Exception {
    try (Platform p = start(dir)) {
      HttpResponse<String> index = get(p, "/", null);
      assertThat(index.statusCode()).isEqualTo(200);
      assertThat(index.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
      assertThat(index.body()).contains("<script type=\"module\" src=\"/ui/app.js\">");
      assertThat(index.headers().firstValue("Content-Security-Policy").orElseThrow())
          .contains("script-src 'self'")
          .contains("frame-ancestors 'none'");
      assertThat(index.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
      assertThat(get(p, "/?token=abc", null).statusCode()).isEqualTo(200);

      HttpResponse<String> uplot = get(p, "/ui/vendor/uPlot.esm.js", null);
      assertThat(uplot.statusCode())
          .as("the uPlot WebJar's version is DashboardRoutes.UPLOT's")
          .isEqualTo(200);
      assertThat(uplot.body()).contains("export { uPlot as default }");
      assertThat(get(p, "/ui/app.js", null).headers().firstValue("Content-Type"))
          .hasValue("text/javascript; charset=utf-8");
    }
  }

  @Test
  void only_the_listed_files_are_served_and_a_foreign_host_gets_no_page(@TempDir Path dir)
      throws Exception {
    try (Platform p = start(dir)) {
      assertThat(get(p, "/ui/nothing.js", null).statusCode()).isEqualTo(404);
      assertThat(rawStatus(p, "/ui/../../../../etc/passwd", "127.0.0.1")).isEqualTo(404);
      assertThat(rawStatus(p, "/ui/%2e%2e/index.html", "127.0.0.1")).isEqualTo(404);
      assertThat(rawStatus(p, "/", "evil.example:" + p.apiPort())).isEqualTo(421);
      assertThat(rawStatus(p, "/ui/app.js", "evil.example")).isEqualTo(421);
      assertThat(rawStatus(p, "/", "localhost:" + p.apiPort())).isEqualTo(200);
    }
  }

  @Test
  void the_dashboards_json_needs_the_token_and_says_what_the_list_shows(@TempDir Path dir)
      throws Exception {
    try (Platform p = start(dir)) {
      assertThat(get(p, "/api/v1/overview", null).statusCode()).isEqualTo(401);
      assertThat(get(p, "/api/v1/overview", "wrong").statusCode()).isEqualTo(401);
      String spec =
          "apiVersion: aviary.dev/v1alpha1\nkind: ModelDeployment\n"
              + "metadata: {name: fraud}\nspec:\n  model: {name: fraud, version: \"1\","
              + " uri: \"file:"
              + MODEL
              + "\"}\n  strategy: {canary: {steps: [{setWeight: 20}, {pause: {}}]}}\n";
      assertThat(post(p, "/api/v1/apply", spec).statusCode()).isEqualTo(200);

      JsonNode row =
          JSON.readTree(get(p, "/api/v1/overview", TOKEN).body()).path("deployments").get(0);
      assertThat(row.path("name").asText()).isEqualTo("fraud");
      assertThat(row.path("model").asText()).isEqualTo("fraud");
      assertThat(row.path("strategy").asText()).isEqualTo("canary");
      assertThat(row.path("steps").asInt()).isEqualTo(2);
      assertThat(row.path("createdAt").asText()).isNotEmpty();
      assertThat(row.path("phase").asText()).isNotEmpty();
      assertThat(row.path("lastEvent").path("reason").asText()).isNotEmpty();
    }
  }

  @Test
  void traffic_is_per_revision_of_one_deployment_and_bad_input_is_a_json_4xx(@TempDir Path dir)
      throws Exception {
    try (Platform p = start(dir)) {
      assertThat(get(p, "/api/v1/deployments/none/traffic", null).statusCode()).isEqualTo(401);
      HttpResponse<String> unknown = get(p, "/api/v1/deployments/none/traffic", TOKEN);
      assertThat(unknown.statusCode()).isEqualTo(404);
      assertThat(JSON.readTree(unknown.body()).path("error").asText())
          .isEqualTo("no deployment named 'none'");
      String spec =
          "apiVersion: aviary.dev/v1alpha1\nkind: ModelDeployment\n"
              + "metadata: {name: fraud}\nspec:\n  model: {name: fraud, version: \"1\","
              + " uri: \"file:"
              + MODEL
              + "\"}\n  strategy: {canary: {steps: []}}\n";
      assertThat(post(p, "/api/v1/apply", spec).statusCode()).isEqualTo(200);
      HttpResponse<String> bad = get(p, "/api/v1/deployments/fraud/traffic?window=forever", TOKEN);
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(JSON.readTree(bad.body()).path("error").asText())
          .startsWith("window: expected a duration from 1s to 10m");
      assertThat(get(p, "/api/v1/deployments/fraud/traffic?window=1h", TOKEN).statusCode())
          .isEqualTo(400);
      JsonNode t =
          JSON.readTree(get(p, "/api/v1/deployments/fraud/traffic?window=30s", TOKEN).body());
      assertThat(t.path("windowSeconds").asInt()).isEqualTo(30);
      assertThat(t.path("revisions").isArray()).isTrue();
      assertThat(t.path("mirrors").isArray()).isTrue();
    }
  }

  @Test
  void a_command_names_who_sent_it_in_its_event_and_a_bad_name_is_refused(@TempDir Path dir)
      throws Exception {
    try (Platform p = start(dir)) {
      String spec =
          "apiVersion: aviary.dev/v1alpha1\nkind: ModelDeployment\n"
              + "metadata: {name: fraud}\nspec:\n  model: {name: fraud, version: \"1\","
              + " uri: \"file:"
              + MODEL
              + "\"}\n  strategy: {canary: {steps: []}}\n";
      assertThat(post(p, "/api/v1/apply", spec).statusCode()).isEqualTo(200);
      HttpResponse<String> bad =
          post(p, "/api/v1/deployments/fraud/pause", "{\"by\": \"<script>\"}");
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(JSON.readTree(bad.body()).path("error").asText()).startsWith("by: must be a name");
      assertThat(post(p, "/api/v1/deployments/fraud/pause", "{\"by\": \"dashboard\"}").statusCode())
          .isEqualTo(202);
      assertThat(get(p, "/api/v1/deployments/fraud/events", TOKEN).body())
          .contains("\"message\" : \"pause (by dashboard)\"");
    }
  }
}
