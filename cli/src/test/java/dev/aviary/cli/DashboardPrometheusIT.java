package dev.aviary.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every query of the Grafana dashboard, run by a real Prometheus that scrapes a real {@code aviary
 * serve} (with a training baseline) and {@code aviary gateway} under traffic, and the control API
 * of a real {@code aviary up} with its token, and evaluates the rules {@code aviary monitor rules}
 * writes: each must parse and return data.
 */
class DashboardPrometheusIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path ROOT = Path.of("..");

  /**
   * Panels over the live-monitoring gauges, which exist (as NaN) from the server's start: they
   * count as having data only once a value is a number, i.e. enough rows or labels arrived.
   */
  private static final Set<String> NUMBER_REQUIRED =
      Set.of(
          "Feature drift score per feature",
          "Data set drift share",
          "Data quality: missing and out-of-range values",
          "Accuracy from feedback");

  /** Rows per request of the drifted traffic and its feedback; the window's minimum is 100. */
  private static final int BATCH = 50;

  @TempDir Path dir;
  private final List<Process> processes = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void stop() throws Exception {
    for (Process p : processes) {
      p.destroy();
      p.waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void every_panel_query_parses_and_returns_data() throws Exception {
    Path repo = dir.resolve("models");
    for (String v : List.of("1", "2")) {
      Files.createDirectories(repo.resolve("fraud/" + v));
      Files.copy(
          ROOT.resolve("examples/fraud/models/v" + v + "/model.onnx"),
          repo.resolve("fraud/" + v + "/model.onnx"));
    }
    Path baseline = dir.resolve("baseline.json");
    assertThat(
            AviaryCli.commandLine(new String[0])
                .execute(
                    "profile",
                    "create",
                    "--data",
                    ROOT.resolve("examples/fraud/data/sample.csv").toString(),
                    "--label",
                    "fraud",
                    "--categorical",
                    "merchant_category",
                    "-o",
                    baseline.toString()))
        .isZero();
    Path serveLog = dir.resolve("serve.log");
    start(
        serveLog,
        "serve",
        "--repository",
        repo.toString(),
        "--host",
        "127.0.0.1",
        "--port",
        "0",
        "--baseline",
        baseline.toString(),
        "--output-classes",
        "1,0");
    int serve = port(serveLog, "listening on 127\\.0\\.0\\.1:(\\d+)");
    Path routes = dir.resolve("routes.yaml");
    Files.writeString(
        routes,
        """
        routes:
          - name: fraud
            revisions:
              - {name: v1, weight: 50, endpoints: ["127.0.0.1:%d"]}
              - {name: v2, weight: 50, endpoints: ["127.0.0.1:%d"]}
        """
            .formatted(serve, serve));
    Path gatewayLog = dir.resolve("gateway.log");
    start(
        gatewayLog,
        "gateway",
        "--config",
        routes.toString(),
        "--host",
        "127.0.0.1",
        "--port",
        "0",
        "--metrics-port",
        "0",
        "--admin-port",
        "-1");
    int gateway = port(gatewayLog, "traffic on http://127\\.0\\.0\\.1:(\\d+)");
    int gatewayMetrics = port(gatewayLog, "metrics on http://127\\.0\\.0\\.1:(\\d+)");

    Path spec = dir.resolve("fraud.yaml");
    Files.writeString(
        spec,
        """
        apiVersion: aviary.dev/v1alpha1
        kind: ModelDeployment
        metadata: {name: fraud}
        spec:
          model: {name: fraud, version: "2", uri: "file:fraud.onnx"}
          strategy: {canary: {steps: [{setWeight: 50}]}}
          monitoring:
            window: 30s
            alerts:
              latencyP99: {threshold: 0.000001, duration: 0s}
        """);
    Path rules = dir.resolve("rules.yaml");
    assertThat(
            AviaryCli.commandLine(new String[0])
                .execute("monitor", "rules", "-f", spec.toString(), "-o", rules.toString()))
        .isZero();
    int platform = platformWithADeployment(repo.resolve("fraud/1/model.onnx"));
    URI prometheus = startPrometheus(rules, serve, gatewayMetrics, platform);

    driftedTrafficAndFeedback(serve, 4);
    String body = Files.readString(ROOT.resolve("examples/fraud/request.json"));
    long until = System.nanoTime() + Duration.ofSeconds(8).toNanos();
    while (System.nanoTime() < until) {
      post(serve, "/v2/models/fraud/versions/1/infer", body);
      post(serve, "/v2/models/fraud/versions/2/infer", body);
      post(gateway, "/v2/models/fraud/infer", body);
      Thread.sleep(20);
    }

    List<String> failures = new ArrayList<>();
    for (GrafanaDashboard.Panel panel : GrafanaDashboard.PANELS) {
      for (GrafanaDashboard.Query q : panel.queries()) {
        String expr = q.expr().replace("$model", "fraud").replace("$__rate_interval", "30s");
        JsonNode r =
            await()
                .alias(panel.title() + ": " + expr)
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(500))
                .until(
                    () -> query(prometheus, expr),
                    n ->
                        !n.path("status").asText().equals("success")
                            || hasData(panel.title(), n.at("/data/result")));
        if (!r.path("status").asText().equals("success")) {
          failures.add(panel.title() + ": " + expr + " -> " + r);
        }
      }
    }
    assertThat(failures).isEmpty();
  }

  /**
   * Sends {@code batches} requests of {@link #BATCH} rows of the drifted example traffic to each
   * version, each with an id, then their true labels as feedback, so that the drift, data-quality
   * and accuracy gauges have enough rows to be numbers.
   */
  private void driftedTrafficAndFeedback(int serve, int batches) throws Exception {
    List<String> rows =
        Files.readAllLines(ROOT.resolve("examples/fraud/data/drifted.csv"))
            .subList(1, 1 + batches * BATCH);
    for (String version : List.of("1", "2")) {
      String base = "/v2/models/fraud/versions/" + version;
      List<String> feedback = new ArrayList<>();
      for (int b = 0; b < batches; b++) {
        List<String> features = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (String row : rows.subList(b * BATCH, (b + 1) * BATCH)) {
          int label = row.lastIndexOf(',');
          features.add(row.substring(0, label));
          labels.add(row.substring(label + 1));
        }
        String id = "drifted-" + version + "-" + b;
        assertThat(
                post(
                    serve,
                    base + "/infer",
                    """
                    {"id": "%s", "inputs": [{"name": "input", "shape": [%d, 10],
                     "datatype": "FP32", "data": [%s]}]}"""
                        .formatted(id, BATCH, String.join(",", features))))
            .isEqualTo(200);
        feedback.add("{\"id\": \"%s\", \"label\": [%s]}".formatted(id, String.join(",", labels)));
      }
      assertThat(post(serve, base + "/feedback", "[" + String.join(",", feedback) + "]"))
          .isEqualTo(200);
    }
  }

  private static boolean hasData(String panel, JsonNode result) {
    if (!NUMBER_REQUIRED.contains(panel)) {
      return result.size() > 0;
    }
    for (JsonNode series : result) {
      if (!series.at("/value/1").asText().equals("NaN")) {
        return true;
      }
    }
    return false;
  }

  private JsonNode query(URI prometheus, String expr) throws Exception {
    String body =
        get(
            prometheus.resolve(
                "/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8)));
    return JSON.readTree(body);
  }

  /**
   * {@code aviary up} with one deployment applied, for the rollout phase its control API exports;
   * returns the API's port. Prometheus reads the API's token from {@code token}.
   */
  private int platformWithADeployment(Path model) throws Exception {
    Path token = dir.resolve("token");
    Files.writeString(token, "dashboard-test-token\n");
    Path log = dir.resolve("up.log");
    start(
        log,
        "up",
        "--state-dir",
        dir.resolve("state").toString(),
        "--port",
        "0",
        "--gateway-port",
        "0",
        "--token-file",
        token.toString(),
        "--model-root",
        model.getParent().toString());
    int api = port(log, "control API +http://127\\.0\\.0\\.1:(\\d+)");
    HttpResponse<String> applied =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api + "/api/v1/apply"))
                .header("Content-Type", "application/yaml")
                .header("Authorization", "Bearer dashboard-test-token")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        """
                        apiVersion: aviary.dev/v1alpha1
                        kind: ModelDeployment
                        metadata: {name: fraud}
                        spec:
                          model: {name: fraud, version: "1", uri: "file:%s"}
                          strategy: {canary: {steps: []}}
                        """
                            .formatted(model.toAbsolutePath())))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(applied.statusCode()).as(applied.body()).isEqualTo(200);
    return api;
  }

  private URI startPrometheus(Path rules, int serve, int gatewayMetrics, int platform)
      throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(
        config,
        """
        global: {scrape_interval: 1s, evaluation_interval: 1s}
        rule_files: ["%s"]
        scrape_configs:
          - job_name: serve
            static_configs: [{targets: ["127.0.0.1:%d"]}]
          - job_name: gateway
            static_configs: [{targets: ["127.0.0.1:%d"]}]
          - job_name: aviary-platform
            metrics_path: /api/v1/metrics
            authorization: {credentials_file: token}
            static_configs: [{targets: ["127.0.0.1:%d"]}]
        """
            .formatted(rules, serve, gatewayMetrics, platform));
    Process p =
        new ProcessBuilder(
                "/usr/bin/prometheus",
                "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("tsdb"),
                "--web.listen-address=127.0.0.1:" + port)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("prometheus.log").toFile())
            .start();
    processes.add(p);
    URI uri = URI.create("http://127.0.0.1:" + port);
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(() -> get(uri.resolve("/-/ready")) != null);
    return uri;
  }

  private void start(Path log, String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add("dev.aviary.cli.AviaryCli");
    cmd.addAll(List.of(args));
    processes.add(
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start());
  }

  private static int port(Path log, String regex) {
    Pattern p = Pattern.compile(regex);
    return await()
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              Matcher m = p.matcher(Files.exists(log) ? Files.readString(log) : "");
              return m.find() ? Integer.parseInt(m.group(1)) : 0;
            },
            n -> n > 0);
  }

  private int post(int port, String path, String body) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private String get(URI uri) throws Exception {
    HttpResponse<String> r =
        http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200 && !uri.getPath().startsWith("/api/")) {
      throw new IllegalStateException(uri + " answered " + r.statusCode());
    }
    return r.body();
  }
}
