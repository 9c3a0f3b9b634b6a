package dev.aviary.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bench/run-load.sh} as a user runs it: a child process against a real server. */
class RunLoadScriptIT {

  @TempDir Path dir;
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void stop() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  void postsTheBodyFileAndWritesTextAndJsonReports() throws Exception {
    HttpServer server =
        vertx
            .createHttpServer()
            .requestHandler(
                req ->
                    req.body()
                        .onSuccess(
                            b ->
                                req.response()
                                    .setStatusCode(b.length() == 2 ? 200 : 400)
                                    .end("{\"outputs\":[]}")))
            .listen(0, "127.0.0.1")
            .await(10, TimeUnit.SECONDS);
    Path body = Files.writeString(dir.resolve("request.json"), "{}");
    Path json = dir.resolve("report.json");

    Process p =
        new ProcessBuilder(
                "bash",
                "run-load.sh",
                "--url",
                "http://127.0.0.1:" + server.actualPort() + "/v2/models/fraud/infer",
                "--body",
                body.toString(),
                "--concurrency",
                "2",
                "--warmup",
                "200ms",
                "--duration",
                "1s",
                "--json",
                json.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(p.exitValue()).as(output).isZero();
    assertThat(output)
        .contains("target    POST http://127.0.0.1:" + server.actualPort())
        .contains("closed loop, 2 connection(s), warm-up 200ms, measured 1s")
        .contains("errors 0")
        .containsPattern("latency   p50 [0-9.]+ ms");
    JsonNode report = new ObjectMapper().readTree(json.toFile());
    assertThat(report.path("requests").asLong()).isPositive();
    assertThat(report.path("ok").asLong()).isEqualTo(report.path("requests").asLong());
    assertThat(report.path("bodyBytes").asInt()).isEqualTo(2);
  }
}
