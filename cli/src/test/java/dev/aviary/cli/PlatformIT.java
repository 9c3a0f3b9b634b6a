package dev.aviary.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aviary.local.ControlToken;
import dev.aviary.local.Platform;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The embedded platform end to end: real {@code aviary serve} child processes, real traffic through
 * the gateway, the CLI talking to the control API.
 */
class PlatformIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path MODELS =
      Path.of("..", "examples", "fraud", "models").toAbsolutePath().normalize();
  private static final String REQUEST;

  static {
    try {
      REQUEST = Files.readString(MODELS.getParent().resolve("request.json"));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private final HttpClient http = HttpClient.newHttpClient();
  private Platform platform;
  private String server;

  @TempDir Path state;

  @AfterEach
  void stop() {
    if (platform != null) {
      platform.close();
    }
  }

  private Platform start() throws Exception {
    return start(UpCommand.serveCommand());
  }

  private Platform start(List<String> serveCommand) throws Exception {
    platform =
        Platform.start(
            TestPlatforms.options(state, serveCommand, state).withModelRoots(List.of(MODELS)));
    server = "http://127.0.0.1:" + platform.apiPort();
    return platform;
  }

  /** Runs a CLI command in-process against the platform; returns exit code and output. */
  private Result cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new AviaryCli());
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    String[] all = new String[args.length + 4];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--server";
    all[args.length + 1] = server;
    all[args.length + 2] = "--state-dir"; // the CLI reads the platform's token there
    all[args.length + 3] = state.toString();
    int code = cl.execute(all);
    return new Result(code, out.toString(), err.toString());
  }

  record Result(int code, String out, String err) {}

  private Path spec(String name, String model, String version, String args, String strategy)
      throws Exception {
    Path f = state.resolve(name + "-" + version + ".yaml");
    Files.writeString(
        f,
        "apiVersion: aviary.dev/v1alpha1\nkind: ModelDeployment\n"
            + "metadata: {name: "
            + name
            + "}\nspec:\n"
            + "  model: {name: "
            + model
            + ", version: \""
            + version
            + "\", uri: \""
            + MODELS.resolve("v" + version).resolve("model.onnx").toUri()
            + "\"}\n"
            + "  replicas: 1\n"
            + "  server: {args: [\"--drain-delay\", \"1s\""
            + args
            + "]}\n"
            + "  strategy:\n"
            + strategy);
    return f;
  }

  private JsonNode deployment(String name) throws Exception {
    return JSON.readTree(cli("get", name, "-o", "json").out());
  }

  /** Closed-loop traffic to one model through the gateway, counting failures. */
  private final class Load implements AutoCloseable {
    final AtomicLong sent = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final List<String> why = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    final AtomicBoolean running = new AtomicBoolean(true);
    final Thread thread;

    Load(String model) {
      this(model, platform.gatewayPort());
    }

    Load(String model, int gatewayPort) {
      URI uri = URI.create("http://127.0.0.1:" + gatewayPort + "/v2/models/" + model + "/infer");
      thread =
          new Thread(
              () -> {
                while (running.get()) {
                  sent.incrementAndGet();
                  try {
                    HttpResponse<String> r =
                        http.send(
                            HttpRequest.newBuilder(uri)
                                .POST(HttpRequest.BodyPublishers.ofString(REQUEST))
                                .build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() != 200) {
                      failed.incrementAndGet();
                      why.add(r.statusCode() + " " + r.body());
                    }
                    Thread.sleep(10);
                  } catch (InterruptedException e) {
                    return;
                  } catch (Exception e) {
                    failed.incrementAndGet();
                    why.add(e.toString());
                  }
                }
              });
      thread.start();
    }

    @Override
    public void close() throws InterruptedException {
      running.set(false);
      thread.join(15_000);
    }
  }

  private static final String ERROR_RATE_CANARY =
      "    canary:\n      steps:\n        - setWeight: 50\n        - analysis:\n"
          + "            metrics:\n              - name: error-rate\n"
          + "                provider: {builtin: {metric: errorRate, window: 20s}}\n"
          + "                successCondition: result <= 0.05\n"
          + "                minSampleSize: 20\n";

  @Test
  void a_canary_with_errors_is_aborted_by_analysis_and_a_healthy_one_is_promoted()
      throws Exception {
    start();
    assertThat(
            cli("apply", "-f", spec("fraud", "fraud", "1", "", ERROR_RATE_CANARY).toString()).out())
        .contains("modeldeployment/fraud created");
    Result healthy = cli("status", "fraud", "--wait", "--timeout", "90s");
    assertThat(healthy.code()).as(healthy.out() + healthy.err()).isZero();
    try (Load load = new Load("fraud")) {
      cli(
          "apply",
          "-f",
          spec("fraud", "fraud", "2", ", \"--fault-error-rate\", \"0.5\"", ERROR_RATE_CANARY)
              .toString());
      Result aborted = cli("status", "fraud", "--wait", "--timeout", "120s");
      assertThat(aborted.code()).as(aborted.out() + aborted.err()).isEqualTo(1);
      JsonNode d = deployment("fraud");
      assertThat(d.path("status").path("phase").asText()).isEqualTo("Degraded");
      assertThat(d.path("status").path("message").asText()).contains("error-rate");
      assertThat(d.path("status").path("stable").path("model").path("version").asText())
          .isEqualTo("1");
      Result describe = cli("describe", "fraud");
      assertThat(describe.out()).contains("error-rate: Failed").contains("RolloutAborted");

      cli("apply", "-f", spec("fraud", "fraud", "2", "", ERROR_RATE_CANARY).toString());
      Result promoted = cli("status", "fraud", "--wait", "--timeout", "120s");
      assertThat(promoted.code()).as(promoted.out() + promoted.err()).isZero();
      assertThat(
              deployment("fraud")
                  .path("status")
                  .path("stable")
                  .path("model")
                  .path("version")
                  .asText())
          .isEqualTo("2");
    }
  }

  @Test
  void a_metric_source_that_is_down_gives_error_and_the_canary_is_not_promoted() throws Exception {
    start();
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    String strategy =
        "    canary:\n      steps:\n        - setWeight: 50\n        - analysis:\n"
            + "            metrics:\n              - name: external-check\n"
            + "                provider: {web: {url: \"http://127.0.0.1:"
            + closed
            + "/check\", jsonPath: $.ok, timeoutSeconds: 1}}\n"
            + "                successCondition: result == 1\n"
            + "                consecutiveErrorLimit: 1\n"
            + "                count: 3\n                interval: 1s\n";
    cli("apply", "-f", spec("scorer", "scorer", "1", "", strategy).toString());
    assertThat(cli("status", "scorer", "--wait", "--timeout", "90s").code()).isZero();
    cli("apply", "-f", spec("scorer", "scorer", "2", "", strategy).toString());
    Result r = cli("status", "scorer", "--wait", "--timeout", "120s");
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(1);
    JsonNode d = deployment("scorer");
    assertThat(d.path("status").path("stable").path("model").path("version").asText())
        .isEqualTo("1");
    JsonNode metric = d.path("status").path("runs").get(0).path("metrics").get(0);
    assertThat(metric.path("phase").asText()).isEqualTo("Error");
    assertThat(metric.path("successful").asInt()).isZero();
    assertThat(metric.path("measurements").get(0).path("reason").asText()).contains("127.0.0.1");
  }

  @Test
  void a_replica_killed_with_sigkill_under_load_is_restarted_without_client_errors()
      throws Exception {
    start();
    Path f = spec("fraud", "fraud", "1", "", "    canary: {steps: []}\n");
    Files.writeString(f, Files.readString(f).replace("replicas: 1", "replicas: 2"));
    cli("apply", "-f", f.toString());
    assertThat(cli("status", "fraud", "--wait", "--timeout", "90s").code()).isZero();
    HttpResponse<String> v1 =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:" + platform.gatewayPort() + "/v1/models/fraud:predict"))
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"instances\": [[42.5, 14, 3, 2.1, 1, 900, 0, 0, 0.8, 0]]}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(v1.statusCode()).as(v1.body()).isEqualTo(200);
    assertThat(v1.body()).startsWith("{\"predictions\":[[");
    assertThat(v1.headers().firstValue("x-aviary-revision")).isPresent();
    JsonNode before = deployment("fraud").path("replicas");
    long victim = before.get(0).path("pid").asLong();
    try (Load load = new Load("fraud")) {
      await().atMost(Duration.ofSeconds(10)).until(() -> load.sent.get() > 50);
      ProcessHandle.of(victim).orElseThrow().destroyForcibly();
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> {
                JsonNode rs = deployment("fraud").path("replicas");
                int ready = 0;
                boolean restarted = false;
                for (JsonNode r : rs) {
                  ready += r.path("state").asText().equals("Ready") ? 1 : 0;
                  restarted |= r.path("restarts").asInt() >= 1 && r.path("pid").asLong() != victim;
                }
                return ready == 2 && restarted;
              });
      long at = load.sent.get();
      await().atMost(Duration.ofSeconds(10)).until(() -> load.sent.get() > at + 50);
      load.close();
      assertThat(load.failed.get()).as(String.valueOf(load.why)).isZero();
    }
    assertThat(cli("describe", "fraud").out()).contains("ReplicaRestarting");

    List<Long> pids =
        deployment("fraud").path("replicas").findValues("pid").stream()
            .map(JsonNode::asLong)
            .toList();
    assertThat(cli("delete", "fraud").out()).contains("modeldeployment/fraud deleted");
    assertThat(cli("get", "fraud").code()).isEqualTo(1);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> pids.stream().noneMatch(pid -> ProcessHandle.of(pid).isPresent()));
    HttpResponse<String> gone =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:" + platform.gatewayPort() + "/v2/models/fraud/infer"))
                .POST(HttpRequest.BodyPublishers.ofString(REQUEST))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(gone.statusCode()).isEqualTo(404);
  }

  /** {@code aviary up} as a child process on fixed ports, as a user runs it. */
  private Process up(int apiPort, int gatewayPort) throws Exception {
    List<String> cmd =
        new java.util.ArrayList<>(
            List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-cp",
                System.getProperty("java.class.path"),
                "dev.aviary.cli.AviaryCli",
                "up",
                "--state-dir",
                state.toString(),
                "--port",
                String.valueOf(apiPort),
                "--gateway-port",
                String.valueOf(gatewayPort),
                "--grace-period",
                "10s",
                "--model-root",
                MODELS.toString()));
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(state.resolve("up.log").toFile()))
            .start();
    URI health = URI.create("http://127.0.0.1:" + apiPort + "/healthz");
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(300))
        .ignoreExceptions()
        .until(
            () ->
                http.send(
                            HttpRequest.newBuilder(health).build(),
                            HttpResponse.BodyHandlers.discarding())
                        .statusCode()
                    == 200);
    return p;
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  void aviary_up_killed_with_sigkill_mid_rollout_resumes_the_same_step_and_adopts_its_replicas()
      throws Exception {
    int apiPort = freePort();
    int gatewayPort = freePort();
    server = "http://127.0.0.1:" + apiPort;
    Process first = up(apiPort, gatewayPort);
    Process second = null;
    try {
      String strategy = "    canary:\n      steps:\n        - setWeight: 50\n        - pause: {}\n";
      cli("apply", "-f", spec("fraud", "fraud", "1", "", strategy).toString());
      assertThat(cli("status", "fraud", "--wait", "--timeout", "90s").code()).isZero();
      Result retry = cli("retry", "fraud"); // nothing was aborted: the platform refuses it
      assertThat(retry.code()).as(retry.out() + retry.err()).isEqualTo(1);
      assertThat(retry.err())
          .contains("aviary retry: only an aborted rollout can be retried, and fraud is Healthy");
      cli("apply", "-f", spec("fraud", "fraud", "2", "", strategy).toString());
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> deployment("fraud").path("status").path("phase").asText().equals("Paused"));
      JsonNode before = deployment("fraud");
      List<Long> pids =
          before.path("replicas").findValues("pid").stream().map(JsonNode::asLong).toList();
      int events = eventCount(apiPort);

      first.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook runs, replicas keep running
      assertThat(pids).allSatisfy(pid -> assertThat(ProcessHandle.of(pid)).isPresent());
      second = up(apiPort, gatewayPort);

      JsonNode after = deployment("fraud");
      assertThat(after.path("status").path("phase").asText()).isEqualTo("Paused");
      assertThat(after.path("status").path("currentStep").asInt())
          .isEqualTo(before.path("status").path("currentStep").asInt());
      assertThat(after.path("status").path("weights"))
          .isEqualTo(before.path("status").path("weights"));
      assertThat(after.path("replicas").findValues("pid").stream().map(JsonNode::asLong).toList())
          .containsExactlyInAnyOrderElementsOf(pids);
      try (Load load = new Load("fraud", gatewayPort)) {
        await().atMost(Duration.ofSeconds(10)).until(() -> load.sent.get() > 50);
        load.close();
        assertThat(load.failed.get()).as(String.valueOf(load.why)).isZero();
      }
      assertThat(cli("describe", "fraud").out()).contains("ReplicaAdopted").contains("Resumed");
      assertThat(eventCount(apiPort)).isGreaterThan(events);

      // --wait at a `pause: {}` stops at once and says what it waits for.
      long waitStarted = System.nanoTime();
      Result paused = cli("status", "fraud", "--wait", "--timeout", "90s");
      assertThat(paused.code()).as(paused.out() + paused.err()).isEqualTo(StatusCommand.PAUSED);
      assertThat(paused.err()).contains("waits for `aviary promote fraud`");
      assertThat(Duration.ofNanos(System.nanoTime() - waitStarted))
          .isLessThan(Duration.ofSeconds(30));

      assertThat(cli("promote", "fraud").code()).isZero();
      Result done = cli("status", "fraud", "--wait", "--timeout", "90s");
      assertThat(done.code()).as(done.out() + done.err()).isZero();
      assertThat(
              deployment("fraud")
                  .path("status")
                  .path("stable")
                  .path("model")
                  .path("version")
                  .asText())
          .isEqualTo("2");
    } finally {
      first.destroyForcibly();
      if (second != null) {
        second.destroy(); // SIGTERM: replicas drain and stop
        assertThat(second.waitFor(40, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      }
    }
  }

  private int eventCount(int apiPort) throws Exception {
    return JSON.readTree(
            http.send(
                    HttpRequest.newBuilder(
                            URI.create(
                                "http://127.0.0.1:" + apiPort + "/api/v1/deployments/fraud/events"))
                        .header("Authorization", "Bearer " + ControlToken.read(state).orElseThrow())
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .body())
        .path("events")
        .size();
  }

  @Test
  void a_replica_that_keeps_exiting_is_restarted_with_backoff_and_reported_as_crash_looping()
      throws Exception {
    // A JVM option the JVM rejects (say, a typo in --replica-java-opts): every start exits at
    // once. (A spec can no longer pass the server a value it rejects: see ServerAllowLists.)
    start(UpCommand.serveCommand(List.of("-XX:+NoSuchOption")));
    cli("apply", "-f", spec("broken", "broken", "1", "", "    canary: {steps: []}\n").toString());
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> cli("describe", "broken").out().contains("CrashLoopBackOff"));
    Result d = cli("describe", "broken");
    assertThat(d.out()).contains("CRASH-LOOPING").contains("ReplicaRestarting");
    JsonNode replica = deployment("broken").path("replicas").get(0);
    assertThat(replica.path("restarts").asInt()).isGreaterThanOrEqualTo(3);
    assertThat(deployment("broken").path("status").path("phase").asText()).isEqualTo("Progressing");
  }

  @Test
  void the_cli_explains_when_the_platform_is_not_running() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new AviaryCli());
    cl.setErr(new PrintWriter(err));
    int code = cl.execute("get", "--server", "http://127.0.0.1:" + closed);
    assertThat(code).isEqualTo(3);
    assertThat(err.toString()).contains("the platform is not running").contains("aviary up");
  }
}
