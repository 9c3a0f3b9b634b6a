package dev.aviary.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class LoadGeneratorTest {

  @TempDir Path dir;

  @Test
  void rejectsAMissingBodyFileNamingTheOption() {
    Result r = run("--url", "http://127.0.0.1:1/x", "--body", dir.resolve("nope.json").toString());
    assertThat(r.exit).isEqualTo(2);
    assertThat(r.err).contains("--body: no such file");
  }

  @Test
  void rejectsBadHeaderDurationAndConcurrency() {
    assertThat(run("--url", "http://127.0.0.1:1/x", "-H", "nocolon").err)
        .contains("--header must be NAME:VALUE");
    assertThat(run("--url", "http://127.0.0.1:1/x", "--duration", "soon").err)
        .contains("--duration: must be a duration such as 30s, 5m, 1h30m or 250ms, got 'soon'");
    assertThat(run("--url", "http://127.0.0.1:1/x", "-c", "0").err)
        .contains("concurrency must be >= 1");
    assertThat(run("--url", "https://127.0.0.1:1/x").err).contains("absolute http:// URL");
  }

  @Test
  void aBodyMakesAPostWithTheContentType() throws Exception {
    Path body = Files.writeString(dir.resolve("req.json"), "{}");
    LoadGenerator g = new LoadGenerator();
    new CommandLine(g)
        .parseArgs("--url", "http://127.0.0.1:1/x", "--body", body.toString(), "-H", "X-A: b");
    LoadOptions o = g.options();
    assertThat(o.method()).isEqualTo("POST");
    assertThat(o.body()).isEqualTo("{}".getBytes());
    assertThat(o.headers())
        .containsEntry("Content-Type", "application/json")
        .containsEntry("X-A", "b");
  }

  @Test
  void textAndJsonReportsCarryTheSameFigures() throws Exception {
    LoadReport report =
        new LoadReport(
            "POST",
            "http://127.0.0.1:9000/v2/models/fraud/infer",
            567,
            16,
            Duration.ofSeconds(5),
            Duration.ofSeconds(20),
            2000,
            1990,
            Map.of("HTTP 503", 7L, "timeout", 3L),
            2600,
            new LoadReport.Latency(2000, 1.5, 1.2, 2.5, 4.75, 9.5, 12.0));

    String text = ReportFormat.text(report);
    assertThat(text)
        .contains("16 connection(s), warm-up 5s, measured 20s")
        .contains("2000 in the window, 100.0/s; ok 1990, errors 10")
        .contains("p50 1.200 ms", "p99 4.750 ms", "p99.9 9.500 ms", "max 12.000 ms")
        .contains("HTTP 503: 7", "timeout: 3");

    assertThat(text).doesNotContain("warning").doesNotContain("open loop");
    assertThat(new ObjectMapper().readTree(ReportFormat.json(report)).path("mode").asText())
        .isEqualTo("closed");

    JsonNode json = new ObjectMapper().readTree(ReportFormat.json(report));
    assertThat(json.path("requestsPerSecond").asDouble()).isEqualTo(100.0);
    assertThat(json.path("errors").path("HTTP 503").asLong()).isEqualTo(7);
    assertThat(json.path("latency").path("p999Ms").asDouble()).isEqualTo(9.5);
    assertThat(json.path("concurrency").asInt()).isEqualTo(16);
  }

  @Test
  void aRateMakesAnOpenLoopAndMustBePositive() throws Exception {
    LoadGenerator g = new LoadGenerator();
    new CommandLine(g).parseArgs("--url", "http://127.0.0.1:1/x", "--rate", "2500.5", "-c", "64");
    LoadOptions o = g.options();
    assertThat(o.openLoop()).isTrue();
    assertThat(o.rate()).isEqualTo(2500.5);
    assertThat(o.concurrency()).isEqualTo(64);

    assertThat(run("--url", "http://127.0.0.1:1/x", "--rate", "0").err)
        .contains("--rate must be > 0");
    assertThat(run("--url", "http://127.0.0.1:1/x", "--rate", "-5").err)
        .contains("--rate must be > 0");
    assertThat(run("--url", "http://127.0.0.1:1/x", "--rate", "fast").err).contains("--rate");
  }

  @Test
  void openLoopReportsShowTheScheduleNextToTheFigures() throws Exception {
    LoadReport report =
        new LoadReport(
            "POST",
            "http://127.0.0.1:9000/v2/models/fraud/infer",
            567,
            64,
            Duration.ofSeconds(5),
            Duration.ofSeconds(10),
            9_990,
            9_990,
            Map.of(),
            12_000,
            new LoadReport.Latency(9_990, 1.5, 1.2, 2.5, 4.75, 9.5, 12.0),
            new LoadReport.OpenLoop(
                1000,
                10_000,
                9_990,
                42,
                1.0,
                7.25,
                new LoadReport.Latency(9_990, 0.9, 0.8, 1.5, 3.25, 6.0, 8.0)));

    String text = ReportFormat.text(report);
    assertThat(text)
        .contains("open loop, 1000.0 requests/s, up to 64 outstanding")
        .contains("10000 due, 9990 sent, 10 not sent")
        .contains("42 late (over 1 ms behind), max 7.250 ms behind")
        .contains("999.0/s achieved")
        .contains("from the intended send time")
        .contains("warning   10 request(s) due in the window were never sent")
        .contains("from send p50 0.800 ms  p90 1.500 ms  p99 3.250 ms");

    JsonNode json = new ObjectMapper().readTree(ReportFormat.json(report));
    assertThat(json.path("mode").asText()).isEqualTo("open");
    assertThat(json.path("openLoop").path("rate").asDouble()).isEqualTo(1000.0);
    assertThat(json.path("openLoop").path("unsent").asLong()).isEqualTo(10);
    assertThat(json.path("openLoop").path("late").asLong()).isEqualTo(42);
    assertThat(json.path("openLoop").path("maxLagMs").asDouble()).isEqualTo(7.25);
    assertThat(json.path("openLoop").path("fromSend").path("p99Ms").asDouble()).isEqualTo(3.25);
    assertThat(json.path("latency").path("p99Ms").asDouble()).isEqualTo(4.75);
    assertThat(json.path("requestsPerSecond").asDouble()).isEqualTo(999.0);
  }

  @Test
  void textReportWarnsWhenTheWindowHeldNoRequest() {
    LoadReport empty =
        new LoadReport(
            "GET",
            "http://127.0.0.1:1/",
            0,
            1,
            Duration.ZERO,
            Duration.ofMillis(100),
            0,
            0,
            Map.of(),
            1,
            new LoadReport.Latency(0, 0, 0, 0, 0, 0, 0));
    assertThat(ReportFormat.text(empty)).contains("warning", "longer --warmup or --duration");
  }

  private record Result(int exit, String err) {}

  private static Result run(String... args) {
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new LoadGenerator());
    cl.setErr(new PrintWriter(err));
    cl.setOut(new PrintWriter(new StringWriter()));
    int exit = cl.execute(args);
    return new Result(exit, err.toString());
  }
}
