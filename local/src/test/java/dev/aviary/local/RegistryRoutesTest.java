package dev.aviary.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aviary.registry.Lineage;
import dev.aviary.registry.ModelRegistry;
import dev.aviary.registry.NewVersion;
import dev.aviary.registry.Registries;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry routes over real HTTP against the SQLite registry in the platform's state directory,
 * filled as {@code aviary model register} fills it.
 */
class RegistryRoutesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  private static Path model(String v) {
    return Path.of("../examples/fraud/models/" + v + "/model.onnx").toAbsolutePath().normalize();
  }

  private static void register(ModelRegistry r, String v, List<String> aliases) {
    r.register(
        new NewVersion(
            "fraud",
            model(v),
            Map.of("auc", 0.9),
            Map.of(),
            Map.of(),
            new Lineage("abc123", false, null, null, "./aviary train", null, "ana", null),
            aliases));
  }

  private HttpResponse<String> get(Platform p, String path, String token) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p.apiPort() + path)).GET();
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static PlatformOptions options(Path dir, String token) {
    return new PlatformOptions(
        dir, "127.0.0.1", 0, "127.0.0.1", 0, token, List.of("true"), dir, null, null);
  }

  @Test
  void versions_aliases_and_lineage_are_served_read_only_with_json_errors(@TempDir Path dir)
      throws Exception {
    try (ModelRegistry r = Registries.open(dir.toString(), Clock.systemUTC())) {
      register(r, "v1", List.of());
      register(r, "v2", List.of("champion"));
    }
    try (Platform p = Platform.start(options(dir, null))) {
      JsonNode all = JSON.readTree(get(p, "/api/v1/models", null).body());
      assertThat(all.path("versions")).hasSize(2);

      HttpResponse<String> model = get(p, "/api/v1/models/fraud", null);
      assertThat(model.statusCode()).isEqualTo(200);
      JsonNode m = JSON.readTree(model.body());
      assertThat(m.path("latest").asInt()).isEqualTo(2);
      assertThat(m.path("aliases").path("champion").asInt()).isEqualTo(2);
      assertThat(m.path("aliasHistory").get(0).path("toVersion").asInt()).isEqualTo(2);

      JsonNode v1 = JSON.readTree(get(p, "/api/v1/models/fraud/versions/1", null).body());
      assertThat(v1.path("ref").asText()).isEqualTo("fraud:1");
      assertThat(v1.path("sha256").asText()).hasSize(64);
      assertThat(v1.path("lineage").path("gitCommit").asText()).isEqualTo("abc123");
      assertThat(v1.path("lineage").path("trainedBy").asText()).isEqualTo("./aviary train");

      JsonNode champion =
          JSON.readTree(get(p, "/api/v1/models/fraud/aliases/champion", null).body());
      assertThat(champion.path("ref").asText()).isEqualTo("fraud:2");

      assertError(get(p, "/api/v1/models/Fraud%20X", null), 400, "model name 'Fraud X'");
      assertError(get(p, "/api/v1/models/fraud/versions/zero", null), 400, "version:");
      assertError(get(p, "/api/v1/models/fraud/versions/0", null), 400, "version:");
      assertError(get(p, "/api/v1/models/fraud/versions/+1", null), 400, "version:");
      assertError(get(p, "/api/v1/models/fraud/versions/01", null), 400, "version:");
      assertError(get(p, "/api/v1/models/fraud/aliases/Bad!", null), 400, "alias:");
      assertError(get(p, "/api/v1/models/fraud/versions/9", null), 404, "fraud:9 does not exist");
      assertError(get(p, "/api/v1/models/fraud/aliases/gone", null), 404, "'gone'");
      assertError(get(p, "/api/v1/models/nothing", null), 404, "'nothing' has no versions");
    }
  }

  @Test
  void the_registry_routes_need_the_token_like_every_other_route(@TempDir Path dir)
      throws Exception {
    try (Platform p = Platform.start(options(dir, "s3cret"))) {
      assertThat(get(p, "/api/v1/models", null).statusCode()).isEqualTo(401);
      assertThat(get(p, "/api/v1/models/fraud/versions/1", "wrong").statusCode()).isEqualTo(401);
      HttpResponse<String> empty = get(p, "/api/v1/models", "s3cret");
      assertThat(empty.statusCode()).isEqualTo(200);
      assertThat(JSON.readTree(empty.body()).path("versions").isArray()).isTrue();
    }
  }

  private static void assertError(HttpResponse<String> r, int status, String text)
      throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(JSON.readTree(r.body()).path("error").asText()).contains(text);
  }
}
