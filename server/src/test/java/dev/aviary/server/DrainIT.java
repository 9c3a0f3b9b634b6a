package dev.aviary.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGTERM against a real server process under concurrent load. */
class DrainIT {
  private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @TempDir Path repo;
  private Process process;
  @TempDir Path logDir;
  private Path log;
  private final List<String> lines = new CopyOnWriteArrayList<>();

  @AfterEach
  void kill() {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
    }
  }

  private List<String> readLines() throws java.io.IOException {
    return java.nio.file.Files.readAllLines(log, StandardCharsets.UTF_8);
  }

  private int startServer(String drainDelay, String faultLatency) throws Exception {
    log = logDir.resolve("server.log");
    TestModels.regressor(repo.resolve("price/1/model.onnx"));
    process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dlogback.configurationFile=logback.xml",
                "-cp",
                System.getProperty("java.class.path"),
                DrainTargetMain.class.getName(),
                repo.toString(),
                drainDelay,
                faultLatency)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> readLines().stream().anyMatch(l -> LISTENING.matcher(l).find()));
    Matcher m =
        readLines().stream()
            .map(LISTENING::matcher)
            .filter(Matcher::find)
            .findFirst()
            .orElseThrow();
    int port = Integer.parseInt(m.group(1));
    TestHttp http = new TestHttp(port);
    await().atMost(Duration.ofSeconds(60)).until(() -> http.get("/readyz").status() == 200);
    return port;
  }

  private static JsonNode json(String line) {
    try {
      return MAPPER.readTree(line);
    } catch (java.io.IOException e) {
      throw new AssertionError("not JSON: " + line, e);
    }
  }

  /** Waits for the exit and for every line the process wrote. */
  private int awaitExit() throws Exception {
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    lines.clear();
    lines.addAll(readLines());
    return process.exitValue();
  }

  @Test
  void clientsSendingUntilReadinessFlipsSeeNoFailuresAndTheProcessExitsZero() throws Exception {
    int port = startServer("1500ms", "0");
    TestHttp http = new TestHttp(port);
    AtomicBoolean flipped = new AtomicBoolean();
    AtomicInteger ok = new AtomicInteger();
    AtomicInteger okAfterSigterm = new AtomicInteger();
    AtomicBoolean sigtermSent = new AtomicBoolean();
    List<String> failures = new CopyOnWriteArrayList<>();
    List<Thread> clients = new java.util.ArrayList<>();
    for (int c = 0; c < 4; c++) {
      Thread t =
          new Thread(
              () -> {
                while (!flipped.get()) {
                  try {
                    TestHttp.Reply r =
                        http.post("/v2/models/price/infer", ModelServerIT.regressorBody());
                    if (r.status() == 200) {
                      ok.incrementAndGet();
                      if (sigtermSent.get()) {
                        okAfterSigterm.incrementAndGet();
                      }
                    } else {
                      failures.add(r.status() + " " + r.body());
                    }
                  } catch (RuntimeException e) {
                    failures.add(e.toString());
                  }
                }
              });
      t.start();
      clients.add(t);
    }
    Thread watcher =
        new Thread(
            () -> {
              while (!flipped.get()) {
                try {
                  if (http.get("/readyz").status() == 503) {
                    flipped.set(true);
                  }
                  Thread.sleep(20);
                } catch (Exception e) {
                  failures.add("readiness probe: " + e);
                  flipped.set(true);
                }
              }
            });
    await().atMost(Duration.ofSeconds(30)).until(() -> ok.get() > 50);
    watcher.start();
    sigtermSent.set(true);
    process.destroy(); // SIGTERM
    watcher.join(10_000);
    for (Thread t : clients) {
      t.join(10_000);
    }
    int exit = awaitExit();
    assertThat(failures).isEmpty();
    assertThat(flipped).isTrue();
    assertThat(okAfterSigterm.get()).isPositive();
    assertThat(exit).isEqualTo(0);
    assertThat(String.join("\n", lines))
        .contains("received SIGTERM")
        .contains("stopped: all in-flight requests finished");
  }

  @Test
  void aRequestInFlightWhenThePortClosesStillGetsItsAnswer() throws Exception {
    // The request takes longer (3 s of added latency) than the whole drain delay (1 s), so one
    // sent once readiness is false is certainly still running when the port closes.
    int port = startServer("1s", "3s");
    TestHttp http = new TestHttp(port);
    process.destroy();
    await().atMost(Duration.ofSeconds(5)).until(() -> http.get("/readyz").status() == 503);
    CompletableFuture<TestHttp.Reply> inFlight =
        CompletableFuture.supplyAsync(
            () -> http.post("/v2/models/price/infer", ModelServerIT.regressorBody()));
    await().atMost(Duration.ofSeconds(10)).until(() -> refusesConnections(port));
    assertThat(inFlight).as("still running when the port closed").isNotDone();
    assertThat(inFlight.get(20, TimeUnit.SECONDS).status()).isEqualTo(200);
    assertThat(awaitExit()).isEqualTo(0);
  }

  private static boolean refusesConnections(int port) {
    try (Socket s = new Socket("127.0.0.1", port)) {
      return false;
    } catch (ConnectException e) {
      return true;
    } catch (java.io.IOException e) {
      return false;
    }
  }

  @Test
  void logLinesAreEcsJsonWithTraceAndModelFields() throws Exception {
    TestModels.reshapeToOne(repo.resolve("fragile/1/model.onnx"));
    int port = startServer("0", "0");
    TestHttp http = new TestHttp(port);
    TestHttp.Reply failed =
        http.post(
            "/v2/models/fragile/infer",
            "{\"inputs\": [{\"name\": \"x\", \"shape\": [2], \"datatype\": \"FP32\", \"data\": [1,"
                + " 2]}]}");
    assertThat(failed.status()).isEqualTo(500);
    String trace = "0af7651916cd43dd8448eb211c80319c";
    http.post(
        "/v2/models/price/infer",
        ModelServerIT.regressorBody(),
        java.util.Map.of("traceparent", "00-" + trace + "-b7ad6b7169203331-01"));
    process.destroy();
    assertThat(awaitExit()).isEqualTo(0);
    JsonNode access = null;
    for (String line : lines) {
      JsonNode n = MAPPER.readTree(line);
      assertThat(n.has("@timestamp") && n.has("log.level") && n.has("message")).as(line).isTrue();
      assertThat(n.get("service.name").asText()).isEqualTo("aviary-server");
      if (n.path("trace.id").asText().equals(trace)) {
        access = n;
      }
    }
    assertThat(access).as("access log line with trace id " + trace).isNotNull();
    JsonNode error =
        lines.stream()
            .map(DrainIT::json)
            .filter(n -> n.path("trace.id").asText().equals(failed.header("X-Trace-Id")))
            .filter(n -> n.path("log.level").asText().equals("ERROR"))
            .findFirst()
            .orElseThrow();
    assertThat(error.get("error.type").asText()).isEqualTo("ai.onnxruntime.OrtException");
    assertThat(error.get("error.message").asText()).isNotEmpty();
    assertThat(error.get("error.stack_trace").asText()).contains("LoadedModel.run");
    assertThat(error.get("model.name").asText()).isEqualTo("fragile");
    assertThat(access.get("model.name").asText()).isEqualTo("price");
    assertThat(access.get("model.version").asText()).isEqualTo("1");
    assertThat(access.get("http.response.status_code").isInt()).isTrue();
    assertThat(access.get("http.response.status_code").asInt()).isEqualTo(200);
    assertThat(access.get("http.request.method").asText()).isEqualTo("POST");
    assertThat(access.get("event.duration").isIntegralNumber()).isTrue();
    assertThat(access.get("event.duration").asLong()).isPositive();
    assertThat(access.get("url.path").asText()).isEqualTo("/v2/models/price/infer");
  }
}
