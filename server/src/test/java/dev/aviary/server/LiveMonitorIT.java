package dev.aviary.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aviary.monitor.Baseline;
import dev.aviary.monitor.ColumnStatistics;
import dev.aviary.monitor.FeatureBaseline;
import dev.aviary.monitor.MonitorPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real server with the fraud example's model, monitored against a baseline of its sample training
 * data, fed the example's drifted traffic. The live scores are checked against the offline measures
 * of {@code aviary drift compare} ({@link ColumnStatistics}) over the same rows.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LiveMonitorIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path EXAMPLE = Path.of("..", "examples", "fraud");
  private static final int FEATURES = 10;
  private static final int BATCH = 50;

  @TempDir static Path dir;
  static ModelServer server;
  static TestHttp http;
  static List<String> header;
  static List<String[]> sample;
  static List<String[]> drifted;
  static Map<String, String> predicted = new HashMap<>();
  static int requests;

  @BeforeAll
  static void start() throws Exception {
    sample = csv(EXAMPLE.resolve("data/sample.csv"));
    drifted = csv(EXAMPLE.resolve("data/drifted.csv"));
    List<FeatureBaseline> features = new ArrayList<>();
    for (int j = 0; j < FEATURES; j++) {
      features.add(
          header.get(j).equals("merchant_category")
              ? FeatureBaseline.categorical(header.get(j), strings(sample, j))
              : FeatureBaseline.numeric(header.get(j), numbers(sample, j)));
    }
    Path file = dir.resolve("baseline.json");
    BaselineFile.write(new Baseline(sample.size(), "fraud", features, Map.of()), file);
    Baseline baseline = BaselineFile.read(file);
    server =
        ModelServer.start(
            ServerConfig.builder(
                    new ModelSource.SingleModel(
                        EXAMPLE.resolve("models/v1/model.onnx"), "fraud", "1"))
                .host("127.0.0.1")
                .port(0)
                .monitoring(
                    new MonitorSettings(
                        baseline,
                        MonitorPolicy.DEFAULT,
                        1000,
                        Duration.ofHours(1),
                        1000,
                        100,
                        List.of("1", "0")))
                .build());
    http = new TestHttp(server.port());
    await().atMost(Duration.ofSeconds(30)).until(server::isReady);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  @Order(1)
  void gauges_are_nan_until_the_window_holds_the_minimum_rows() {
    send(drifted.subList(0, 50));
    awaitRows(50);
    String metrics = http.get("/metrics").body();
    assertThat(metrics)
        .contains(
            "aviary_feature_drift_score{feature=\"amount\",measure=\"psi\",model=\"fraud\","
                + "version=\"1\"} NaN")
        .contains(
            "aviary_feature_drift_score{feature=\"merchant_category\",measure=\"jensen_shannon\","
                + "model=\"fraud\",version=\"1\"} NaN")
        .contains("aviary_dataset_drift_share{model=\"fraud\",version=\"1\"} NaN")
        .contains("aviary_model_accuracy{model=\"fraud\",version=\"1\"} NaN")
        .contains("aviary_monitor_window_rows{model=\"fraud\",version=\"1\"} 50.0");
    JsonNode m = http.get("/v2/models/fraud/monitor").json();
    assertThat(m.get("features").get("amount").get("score").isNull()).isTrue();
    assertThat(m.get("dataset_drift").isNull()).isTrue();
  }

  @Test
  @Order(2)
  void training_like_traffic_does_not_drift() {
    send(sample.subList(0, 1000));
    awaitRows(1000);
    JsonNode m = awaitReport();
    m.get("features")
        .fields()
        .forEachRemaining(f -> assertThat(f.getValue().get("drifted").asBoolean()).isFalse());
    assertThat(m.get("dataset_drift").asBoolean()).isFalse();
    assertThat(gauge("aviary_dataset_drift_detected{model=\"fraud\",version=\"1\"}")).isZero();
  }

  @Test
  @Order(3)
  void drifted_traffic_drifts_on_the_features_the_offline_comparison_names() {
    List<String[]> current = drifted.subList(0, 1000);
    send(current);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> gauge("aviary_dataset_drift_share{model=\"fraud\",version=\"1\"}") > 0);
    Set<String> drifting = new java.util.TreeSet<>();
    for (int j = 0; j < FEATURES; j++) {
      String name = header.get(j);
      boolean categorical = name.equals("merchant_category");
      ColumnStatistics offline =
          categorical
              ? ColumnStatistics.categorical(strings(sample, j), strings(current, j))
              : ColumnStatistics.numerical(numbers(sample, j), numbers(current, j));
      double expected = offline.values().get(categorical ? "js_distance" : "psi");
      String measure = categorical ? "jensen_shannon" : "psi";
      String labels =
          "{feature=\"" + name + "\",measure=\"" + measure + "\",model=\"fraud\",version=\"1\"}";
      assertThat(gauge("aviary_feature_drift_score" + labels))
          .as(name)
          .isCloseTo(expected, within(1e-9));
      double detected =
          gauge(
              "aviary_feature_drift_detected{feature=\""
                  + name
                  + "\",model=\"fraud\",version=\"1\"}");
      assertThat(detected).as(name).isEqualTo(expected >= 0.1 ? 1.0 : 0.0);
      if (detected == 1) {
        drifting.add(name);
      }
    }
    assertThat(drifting).containsExactly("amount", "amount_to_user_mean", "merchant_category");
    assertThat(gauge("aviary_dataset_drift_share{model=\"fraud\",version=\"1\"}")).isEqualTo(0.3);
    assertThat(gauge("aviary_dataset_drift_detected{model=\"fraud\",version=\"1\"}")).isZero();
    JsonNode m = http.get("/v2/models/fraud/monitor").json();
    assertThat(m.get("window_rows").asInt()).isEqualTo(1000);
    assertThat(m.get("features").get("amount").get("drifted").asBoolean()).isTrue();
    // 2 of the 1000 drifted amounts are larger than any in the training sample
    long above = current.stream().filter(r -> Double.parseDouble(r[0]) > 2673.16).count();
    assertThat(m.get("features").get("amount").get("out_of_range_ratio").asDouble())
        .isEqualTo(above / 1000.0);
    assertThat(
            gauge("aviary_feature_missing_ratio{feature=\"amount\",model=\"fraud\",version=\"1\"}"))
        .isZero();
  }

  @Test
  @Order(4)
  void feedback_gives_the_accuracy_of_the_labelled_rows() {
    ArrayNode items = JSON.createArrayNode();
    int right = 0;
    int rows = 0;
    List<String[]> current = drifted.subList(0, 1000);
    for (int i = 0; i < current.size(); i += BATCH) {
      String id = "req-" + (requests - 20 + i / BATCH);
      ObjectNode item = items.addObject().put("id", id);
      ArrayNode labels = item.putArray("label");
      String[] predictions = predicted.get(id).split(",");
      for (int r = 0; r < BATCH; r++) {
        String truth = current.get(i + r)[FEATURES];
        labels.add(Integer.parseInt(truth));
        right += predictions[r].equals(truth) ? 1 : 0;
        rows++;
      }
    }
    items.addObject().put("id", "never-sent").put("label", 1);
    TestHttp.Reply r = http.post("/v2/models/fraud/feedback", items.toString());
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().get("matched").asInt()).isEqualTo(20);
    assertThat(r.json().get("unmatched").get(0).asText()).isEqualTo("never-sent");
    assertThat(gauge("aviary_model_accuracy{model=\"fraud\",version=\"1\"}"))
        .isCloseTo((double) right / rows, within(1e-12))
        .isLessThan(1.0);
    assertThat(gauge("aviary_feedback_total{model=\"fraud\",version=\"1\"}")).isEqualTo(21.0);
    assertThat(http.get("/v2/models/fraud/monitor").json().get("feedback").get("unmatched").asInt())
        .isEqualTo(1);
  }

  @Test
  @Order(5)
  void malformed_feedback_is_a_400_naming_the_field() {
    assertError("{\"label\": 1}", "id: expected the inference request's id");
    assertError("{\"id\": \"a\"}", "label: missing");
    assertError("[{\"id\": \"a\", \"label\": 1}, {\"id\": 7, \"label\": 1}]", "[1].id:");
    assertError("{\"id\": \"a\", \"label\": [1, {}]}", "label[1]: expected a string, number");
    assertError("{\"id\": \"a\", \"labels\": 1}", "labels: unknown field");
    assertError("[]", "at least one feedback item");
    assertError("{", "malformed JSON");
    assertThat(http.get("/v2/models/fraud/feedback").status()).isEqualTo(405);
    assertThat(http.post("/v2/models/nope/feedback", "{\"id\":\"a\",\"label\":1}").status())
        .isEqualTo(404);
  }

  @Test
  @Order(6)
  void promtool_accepts_the_metrics() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        ModelServerIT.onPath("promtool"), "promtool is not installed");
    String metrics = http.get("/metrics").body();
    Process p =
        new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
    try (var out = p.getOutputStream()) {
      out.write(metrics.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    String report = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as(report).isEqualTo(0);
  }

  private static void assertError(String body, String message) {
    TestHttp.Reply r = http.post("/v2/models/fraud/feedback", body);
    assertThat(r.status()).as(body).isEqualTo(400);
    assertThat(r.json().get("error").asText()).as(body).contains(message);
  }

  /** Sends rows in requests of {@link #BATCH}, remembering each request's predicted labels. */
  private static void send(List<String[]> rows) {
    for (int i = 0; i < rows.size(); i += BATCH) {
      List<String[]> chunk = rows.subList(i, Math.min(rows.size(), i + BATCH));
      String id = "req-" + requests++;
      ObjectNode body = JSON.createObjectNode().put("id", id);
      ObjectNode input = body.putArray("inputs").addObject();
      input.put("name", "input").put("datatype", "FP32");
      input.putArray("shape").add(chunk.size()).add(FEATURES);
      ArrayNode data = input.putArray("data");
      chunk.forEach(
          r -> Arrays.stream(r, 0, FEATURES).forEach(v -> data.add(Double.parseDouble(v))));
      TestHttp.Reply reply = http.post("/v2/models/fraud/infer", body.toString());
      assertThat(reply.status()).as(reply.body()).isEqualTo(200);
      JsonNode p = reply.json().get("outputs").get(0).get("data");
      List<String> labels = new ArrayList<>();
      for (int r = 0; r < chunk.size(); r++) {
        // column 0 is P(fraud): label 1
        labels.add(p.get(2 * r).asDouble() > p.get(2 * r + 1).asDouble() ? "1" : "0");
      }
      predicted.put(id, String.join(",", labels));
    }
  }

  private static void awaitRows(int rows) {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> http.get("/v2/models/fraud/monitor").json().get("window_rows").asInt() == rows);
  }

  private static JsonNode awaitReport() {
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !http.get("/v2/models/fraud/monitor").json().get("dataset_drift").isNull());
    return http.get("/v2/models/fraud/monitor").json();
  }

  private static double gauge(String series) {
    for (String line : http.get("/metrics").body().split("\n")) {
      if (line.startsWith(series + " ")) {
        return Double.parseDouble(line.substring(series.length() + 1));
      }
    }
    throw new AssertionError("no series " + series);
  }

  private static List<String[]> csv(Path file) throws Exception {
    List<String> lines = Files.readAllLines(file);
    header = List.of(lines.get(0).split(","));
    return lines.subList(1, lines.size()).stream().map(l -> l.split(",")).toList();
  }

  private static double[] numbers(List<String[]> rows, int column) {
    return rows.stream().mapToDouble(r -> Double.parseDouble(r[column])).toArray();
  }

  private static String[] strings(List<String[]> rows, int column) {
    return rows.stream()
        .map(r -> FeatureBaseline.categoryOf(Double.parseDouble(r[column])))
        .toArray(String[]::new);
  }
}
