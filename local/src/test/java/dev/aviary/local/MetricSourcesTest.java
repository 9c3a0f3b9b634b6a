package dev.aviary.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.aviary.spec.MetricProvider;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The web and prometheus providers against a real HTTP server on 127.0.0.1. */
class MetricSourcesTest {
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
  private HttpServer server;
  private String base;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    route("/check", 200, "{\"data\": {\"errorRate\": 0.02, \"ok\": true, \"list\": [1, 2]}}");
    route("/broken", 500, "{\"error\": \"boom\"}");
    route("/html", 200, "<html>");
    route(
        "/api/v1/query",
        200,
        "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":"
            + "[{\"metric\":{},\"value\":[1700000000.0,\"0.125\"]}]}}");
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void route(String path, int status, String body) {
    server.createContext(
        path,
        ex -> {
          byte[] b = body.getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(status, b.length);
          ex.getResponseBody().write(b);
          ex.close();
        });
  }

  private Measured web(String url, String path) {
    return new WebSource(http)
        .measure(new MetricProvider.Web(url, Map.of(), path, 2), "fraud", "rev1", null);
  }

  @Test
  void web_picks_a_number_a_boolean_or_a_list_by_dotted_path() {
    assertThat(web(base + "/check", "$.data.errorRate").values()).containsExactly(0.02);
    assertThat(web(base + "/check", "$.data.ok").values()).containsExactly(1.0);
    assertThat(web(base + "/check", "$.data.list").values()).containsExactly(1.0, 2.0);
    assertThat(web(base + "/check", "$.data.list[1]").values()).containsExactly(2.0);
  }

  @Test
  void web_errors_name_what_went_wrong() {
    assertThat(web(base + "/check", "$.data.missing").error())
        .contains("no value at $.data.missing");
    assertThat(web(base + "/broken", "$").error()).contains("answered 500");
    assertThat(web(base + "/html", "$").error()).contains("did not return JSON");
  }

  @Test
  void a_source_that_is_down_is_an_error_never_a_value() throws IOException {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    Measured w = web("http://127.0.0.1:" + closed + "/x", "$");
    assertThat(w.failed()).isTrue();
    assertThat(w.values()).isNull();
    Measured p =
        new PrometheusSource(http, "http://127.0.0.1:" + closed)
            .measure(new MetricProvider.Prometheus(null, "up", null), "fraud", "rev1", null);
    assertThat(p.error()).contains("unreachable");
  }

  @Test
  void prometheus_runs_an_instant_query_and_reads_the_vector() {
    PrometheusSource p = new PrometheusSource(http, base);
    Measured m =
        p.measure(
            new MetricProvider.Prometheus(
                null, "sum(rate(x{revision=\"{{revision}}\"}[1m]))", "sum(x)"),
            "fraud",
            "rev1",
            null);
    assertThat(m.error()).isNull();
    assertThat(m.values()).containsExactly(0.125);
    assertThat(m.sampleSize()).isZero(); // 0.125 rounds to 0 requests
  }

  @Test
  void prometheus_without_an_address_says_how_to_set_one() {
    Measured m =
        new PrometheusSource(http, null)
            .measure(new MetricProvider.Prometheus(null, "up", null), "fraud", "r", null);
    assertThat(m.error()).contains("--prometheus-url");
  }
}
