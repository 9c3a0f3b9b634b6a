package dev.aviary.gateway;

import static dev.aviary.gateway.GatewayFixture.admin;
import static dev.aviary.gateway.GatewayFixture.endpoints;
import static dev.aviary.gateway.GatewayFixture.get;
import static dev.aviary.gateway.GatewayFixture.revision;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin API and file watching. */
class AdminApiIT {
  static final ObjectMapper JSON = new ObjectMapper();
  Vertx vertx;
  TestBackend v1;
  TestBackend v2;
  Gateway gateway;

  @BeforeEach
  void backends() {
    vertx = Vertx.vertx();
    v1 = TestBackend.start(vertx, "v1");
    v2 = TestBackend.start(vertx, "v2");
  }

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.close();
    }
    vertx.close();
  }

  private String config(int w1, int w2) {
    return """
           routes:
             - name: fraud
               revisions:
                 - {name: v1, weight: %d, endpoints: %s}
                 - {name: v2, weight: %d, endpoints: %s}
               mirror: {revision: v2, percent: 100}
           """
        .formatted(w1, endpoints(v1), w2, endpoints(v2));
  }

  @Test
  void getsAndPutsTheConfiguration() throws Exception {
    gateway = GatewayFixture.start(config(100, 0));

    HttpResponse<String> current = admin(gateway, "GET", "/config", null);
    assertThat(current.statusCode()).isEqualTo(200);
    assertThat(ConfigCodec.parse(current.body())).isEqualTo(gateway.config());

    HttpResponse<String> put = admin(gateway, "PUT", "/config", config(0, 100));
    assertThat(put.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(put.body()).at("/routes/0/revisions/1/weight").asInt()).isEqualTo(100);
    assertThat(revision(get(gateway, "/infer"))).isEqualTo("v2");

    String json = ConfigCodec.toJson(ConfigCodec.parse(config(100, 0)));
    assertThat(admin(gateway, "PUT", "/config", json).statusCode()).isEqualTo(200);
    assertThat(revision(get(gateway, "/infer"))).isEqualTo("v1");
  }

  @Test
  void refusesAnInvalidConfigurationAndKeepsTheCurrentOne() throws Exception {
    gateway = GatewayFixture.start(config(100, 0));

    HttpResponse<String> put = admin(gateway, "PUT", "/config", config(150, 0));

    assertThat(put.statusCode()).isEqualTo(400);
    JsonNode body = JSON.readTree(put.body());
    assertThat(body.get("error").asText()).startsWith("invalid gateway configuration");
    assertThat(body.get("problems").get(0).asText())
        .isEqualTo("routes[0].revisions[0].weight: must be between 0 and 100, got 150");
    assertThat(revision(get(gateway, "/infer"))).isEqualTo("v1");

    HttpResponse<String> garbage = admin(gateway, "PUT", "/config", "{not json");
    assertThat(garbage.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(garbage.body()).get("error").asText())
        .contains("not valid YAML or JSON");

    HttpResponse<String> empty = admin(gateway, "PUT", "/config", "");
    assertThat(empty.statusCode()).isEqualTo(400);
    assertThat(gateway.prometheusText())
        .contains("aviary_gateway_config_reloads_total{result=\"rejected\"} 3.0");
  }

  @Test
  void servesStatsOverSlidingWindows() throws Exception {
    gateway = GatewayFixture.start(config(100, 0));
    for (int i = 0; i < 20; i++) {
      get(gateway, "/infer");
    }
    v1.status = 500;
    for (int i = 0; i < 5; i++) {
      get(gateway, "/infer");
    }

    HttpResponse<String> stats = admin(gateway, "GET", "/stats?window=30s", null);

    assertThat(stats.statusCode()).isEqualTo(200);
    JsonNode root = JSON.readTree(stats.body());
    assertThat(root.get("windowSeconds").asInt()).isEqualTo(30);
    JsonNode v1Stats = root.get("revisions").get(0);
    assertThat(v1Stats.get("revision").asText()).isEqualTo("v1");
    assertThat(v1Stats.get("requests").asInt()).isEqualTo(25);
    assertThat(v1Stats.get("successRate").asDouble()).isEqualTo(0.8);
    assertThat(v1Stats.at("/outcomes/2xx").asInt()).isEqualTo(20);
    assertThat(v1Stats.at("/outcomes/5xx").asInt()).isEqualTo(5);
    assertThat(v1Stats.at("/latencyMs/p99").asDouble()).isPositive();
    JsonNode v2Stats = root.get("revisions").get(1);
    assertThat(v2Stats.get("requests").asInt()).isZero();
    assertThat(v2Stats.get("successRate").isNull()).isTrue();
    await().until(() -> gateway.stats(Duration.ofSeconds(60)).mirrors().get(0).compared() == 20);
    JsonNode mirror =
        JSON.readTree(admin(gateway, "GET", "/stats", null).body()).get("mirrors").get(0);
    assertThat(mirror.get("mirror").asText()).isEqualTo("v2");
    assertThat(mirror.get("compared").asInt()).isEqualTo(20);
    assertThat(mirror.get("labelAgreement").asDouble()).isEqualTo(1.0);

    HttpResponse<String> bad = admin(gateway, "GET", "/stats?window=1h", null);
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("window: must be a duration from 1s to 300s");
  }

  @Test
  void servesPrometheusMetricsThatPromtoolAccepts() throws Exception {
    gateway = GatewayFixture.start(config(90, 10));
    int onV1 = 0;
    for (int i = 0; i < 100; i++) {
      onV1 += "v1".equals(revision(get(gateway, "/infer"))) ? 1 : 0;
    }
    assertThat(onV1).isEqualTo(90);
    await().until(() -> gateway.stats(Duration.ofSeconds(60)).mirrors().get(0).compared() == 90);

    HttpResponse<String> metrics = admin(gateway, "GET", "/metrics", null);

    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.headers().firstValue("content-type").orElseThrow()).startsWith("text/plain");
    assertThat(metrics.body())
        .contains(
            "aviary_gateway_requests_total{outcome=\"2xx\",revision=\"v1\",route=\"fraud\"} 90.0")
        .contains(
            "aviary_gateway_request_duration_seconds_bucket{revision=\"v1\",route=\"fraud\",le=")
        .contains("aviary_gateway_in_flight_requests{revision=\"v1\",route=\"fraud\"} 0.0")
        .contains(
            "aviary_gateway_mirror_requests_total{mirror=\"v2\",revision=\"v1\",route=\"fraud\"}"
                + " 90.0")
        .contains(
            "aviary_gateway_mirror_label_agreement{mirror=\"v2\",revision=\"v1\",route=\"fraud\"}"
                + " 1.0");

    for (String family :
        new String[] {
          "aviary_gateway_requests_total",
          "aviary_gateway_request_duration_seconds",
          "aviary_gateway_in_flight_requests",
          "aviary_gateway_retries_total",
          "aviary_gateway_ejections_total",
          "aviary_gateway_rejected_total",
          "aviary_gateway_config_reloads_total",
          "aviary_gateway_mirror_requests_total",
          "aviary_gateway_mirror_dropped_total",
          "aviary_gateway_mirror_errors_total",
          "aviary_gateway_mirror_uncomparable_total",
          "aviary_gateway_mirror_compared",
          "aviary_gateway_mirror_label_agreement",
          "aviary_gateway_mirror_score_abs_diff_mean",
          "aviary_gateway_mirror_score_abs_diff_max"
        }) {
      assertThat(metrics.body()).as(family).contains("# TYPE " + family + " ");
    }

    Process promtool =
        new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
    promtool.getOutputStream().write(metrics.body().getBytes(StandardCharsets.UTF_8));
    promtool.getOutputStream().close();
    String report = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(promtool.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(promtool.exitValue()).as(report).isZero();
  }

  @Test
  void answersJsonForUnknownAdminPaths() {
    gateway = GatewayFixture.start(config(100, 0));

    HttpResponse<String> missing = admin(gateway, "GET", "/nothing", null);
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.body()).isEqualTo("{\"error\":\"no endpoint /nothing\"}");

    HttpResponse<String> wrongMethod = admin(gateway, "DELETE", "/config", null);
    assertThat(wrongMethod.statusCode()).isEqualTo(405);
    assertThat(wrongMethod.body()).contains("\"error\"");

    assertThat(admin(gateway, "GET", "/healthz", null).body()).isEqualTo("{\"status\":\"ok\"}");
  }

  @Test
  void reloadsTheConfigurationFileWhenItChanges(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("routes.yaml");
    Files.writeString(file, config(100, 0));
    gateway =
        Gateway.start(
            ConfigCodec.parse(Files.readString(file)),
            GatewayOptions.defaults().withConfigFile(file, Duration.ofMillis(100)));
    assertThat(revision(get(gateway, "/infer"))).isEqualTo("v1");

    Files.writeString(file, config(0, 100));
    await().until(() -> "v2".equals(revision(get(gateway, "/infer"))));

    Files.writeString(file, config(0, 150)); // invalid: kept out
    await()
        .until(
            () ->
                gateway
                    .prometheusText()
                    .contains("aviary_gateway_config_reloads_total{result=\"rejected\"} 1.0"));
    assertThat(revision(get(gateway, "/infer"))).isEqualTo("v2");
  }
}
