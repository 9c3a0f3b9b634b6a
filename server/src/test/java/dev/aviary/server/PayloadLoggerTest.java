package dev.aviary.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The payload logger with real sinks: a file, and an HTTP server on loopback. */
class PayloadLoggerTest {
  @TempDir Path dir;
  private final ServerMetrics metrics = new ServerMetrics(() -> true, () -> false);
  private HttpServer sink;
  private PayloadLogger logger;

  @AfterEach
  void stop() {
    if (logger != null) {
      logger.close(Duration.ofSeconds(1));
    }
    if (sink != null) {
      sink.stop(0);
    }
    metrics.close();
  }

  private static PayloadLogger.Body json(String s) {
    return () -> Json.MAPPER.readTree(s);
  }

  private static PayloadLogger.Inference succeeded(
      String id, String model, String version, PayloadLogger.Body req, PayloadLogger.Body resp) {
    return new PayloadLogger.Inference(
        id, model, version, Redaction.Unnamed.NONE, req, resp, "success", "200");
  }

  private List<JsonNode> lines(Path f) throws IOException {
    if (!Files.exists(f)) {
      return List.of();
    }
    return Files.readAllLines(f).stream()
        .map(
            l -> {
              try {
                return Json.MAPPER.readTree(l);
              } catch (IOException e) {
                throw new AssertionError(l, e);
              }
            })
        .toList();
  }

  private double count(String outcome) {
    String prefix = "aviary_payload_log_events_total{outcome=\"" + outcome + "\"} ";
    return metrics
        .scrape()
        .lines()
        .filter(l -> l.startsWith(prefix))
        .mapToDouble(l -> Double.parseDouble(l.substring(prefix.length())))
        .findFirst()
        .orElse(0);
  }

  @Test
  void requestAndResponseAreWrittenAsCorrelatedRedactedCloudEventLines() throws Exception {
    Path f = dir.resolve("logs/payloads.jsonl");
    logger =
        new PayloadLogger(
            new PayloadLogSettings(f.toString(), 1, Set.of("ssn"), 100), () -> 0.5, metrics, "/t");
    logger.log(
        succeeded(
            "trace-1",
            "fraud",
            "2",
            json(
                "{\"inputs\":[{\"name\":\"ssn\",\"data\":[\"1\"]},"
                    + "{\"name\":\"x\",\"data\":[2]}]}"),
            json("{\"outputs\":[{\"name\":\"label\",\"data\":[1]}]}")));
    await().until(() -> lines(f).size() == 2);
    JsonNode req = lines(f).get(0);
    JsonNode resp = lines(f).get(1);
    assertThat(req.get("specversion").asText()).isEqualTo("1.0");
    assertThat(req.get("type").asText()).isEqualTo(PayloadLogger.REQUEST_TYPE);
    assertThat(resp.get("type").asText()).isEqualTo(PayloadLogger.RESPONSE_TYPE);
    assertThat(req.get("id").asText()).isEqualTo("trace-1").isEqualTo(resp.get("id").asText());
    assertThat(req.get("source").asText()).isEqualTo("/t");
    assertThat(req.get("modelname").asText()).isEqualTo("fraud");
    assertThat(req.get("modelversion").asText()).isEqualTo("2");
    assertThat(req.at("/data/inputs/0/data").asText()).isEqualTo("REDACTED");
    assertThat(req.at("/data/inputs/1/data/0").asInt()).isEqualTo(2);
    assertThat(resp.at("/data/outputs/0/data/0").asInt()).isEqualTo(1);
    assertThat(req.has("status")).isFalse();
    assertThat(resp.get("outcome").asText()).isEqualTo("success");
    assertThat(resp.get("status").asText()).isEqualTo("200");
    assertThat(count("written")).isEqualTo(2);
  }

  @Test
  void samplingKeepsTheGivenFraction() {
    Path f = dir.resolve("p.jsonl");
    double[] next = {0};
    logger =
        new PayloadLogger(
            new PayloadLogSettings(f.toString(), 0.25, Set.of(), 10), () -> next[0], metrics, "/t");
    next[0] = 0.2;
    assertThat(logger.sample()).isTrue();
    next[0] = 0.3;
    assertThat(logger.sample()).isFalse();
    PayloadLogger none =
        new PayloadLogger(
            new PayloadLogSettings(dir.resolve("n.jsonl").toString(), 0, Set.of(), 10),
            () -> 0.0,
            metrics,
            "/t");
    assertThat(none.sample()).isFalse();
    none.close(Duration.ofSeconds(1));
  }

  @Test
  void aStalledSinkFillsTheBufferThenEventsAreDroppedAndCountedWithoutBlocking() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    List<String> received = new CopyOnWriteArrayList<>();
    AtomicInteger contentTypeOk = new AtomicInteger();
    sink = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    sink.createContext(
        "/events",
        ex -> {
          try {
            release.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          if (ex.getRequestHeaders()
              .getFirst("Content-Type")
              .startsWith("application/cloudevents+json")) {
            contentTypeOk.incrementAndGet();
          }
          received.add(new String(ex.getRequestBody().readAllBytes()));
          ex.sendResponseHeaders(202, -1);
          ex.close();
        });
    sink.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(2));
    sink.start();
    String url = "http://127.0.0.1:" + sink.getAddress().getPort() + "/events";
    logger =
        new PayloadLogger(new PayloadLogSettings(url, 1, Set.of(), 4), () -> 0.0, metrics, "/t");
    for (int i = 0; i < 20; i++) {
      logger.log(succeeded("id-" + i, "m", "1", json("{\"i\":" + i + "}"), json("{}")));
    }
    // One event is held by the stalled sink, four wait in the buffer, the rest were dropped.
    assertThat(count("dropped")).isGreaterThanOrEqualTo(40 - 5);
    release.countDown();
    await().until(() -> count("written") + count("dropped") == 40);
    assertThat(received).hasSize((int) count("written"));
    assertThat(contentTypeOk.get()).isEqualTo(received.size());
    assertThat(Json.MAPPER.readTree(received.get(0)).get("id").asText()).isEqualTo("id-0");
  }

  @Test
  void aSinkThatRefusesEventsIsCountedAsFailed() throws Exception {
    sink = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    sink.createContext(
        "/",
        ex -> {
          ex.getRequestBody().readAllBytes();
          ex.sendResponseHeaders(500, -1);
          ex.close();
        });
    sink.start();
    logger =
        new PayloadLogger(
            new PayloadLogSettings(
                "http://127.0.0.1:" + sink.getAddress().getPort() + "/", 1, Set.of(), 10),
            () -> 0.0,
            metrics,
            "/t");
    logger.log(succeeded("a", "m", "1", json("{}"), json("{}")));
    await().until(() -> count("failed") == 2);
  }
}
