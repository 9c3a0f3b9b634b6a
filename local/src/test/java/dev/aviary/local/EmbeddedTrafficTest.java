package dev.aviary.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded platform refuses a traffic provider other than its own gateway, over real HTTP. */
class EmbeddedTrafficTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  private static String spec(String trafficRouting) {
    return """
        apiVersion: aviary.dev/v1alpha1
        kind: ModelDeployment
        metadata: {name: fraud}
        spec:
          model: {name: fraud, version: "1", uri: "file:m.onnx"}
          strategy:
            canary:
        %s
              steps: [{setWeight: 50}]
        """
        .formatted(trafficRouting);
  }

  private HttpResponse<String> apply(Platform p, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + p.apiPort() + "/api/v1/apply"))
            .header("Content-Type", "application/yaml")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void another_provider_is_refused_naming_the_field_and_nothing_is_stored(@TempDir Path dir)
      throws Exception {
    Files.writeString(dir.resolve("m.onnx"), "model");
    PlatformOptions options =
        new PlatformOptions(
            dir, "127.0.0.1", 0, "127.0.0.1", 0, null, List.of("true"), dir, null, null);
    try (Platform p = Platform.start(options)) {
      for (String provider : List.of("istio", "gatewayApi", "replicas", "nginx")) {
        HttpResponse<String> r =
            apply(p, spec("      trafficRouting: {provider: " + provider + "}"));
        assertThat(r.statusCode()).as(provider).isEqualTo(400);
        JsonNode json = JSON.readTree(r.body());
        assertThat(json.path("problems").toString())
            .as(provider)
            .contains(
                "ModelDeployment fraud: spec.strategy.canary.trafficRouting.provider: the"
                    + " embedded platform routes traffic with its own gateway only: must be"
                    + " 'aviary' (or left out), got '"
                    + provider
                    + "'");
      }
      HttpResponse<String> list =
          http.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + p.apiPort() + "/api/v1/deployments"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(JSON.readTree(list.body()).path("deployments")).isEmpty();

      assertThat(apply(p, spec("      trafficRouting: {provider: aviary}")).statusCode())
          .isEqualTo(200);
      assertThat(apply(p, spec("")).statusCode()).isEqualTo(200);
    }
  }
}
