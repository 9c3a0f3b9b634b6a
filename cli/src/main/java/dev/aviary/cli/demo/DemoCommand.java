package dev.aviary.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aviary.cli.ControlClient;
import dev.aviary.cli.DashboardAddress;
import dev.aviary.cli.UpCommand;
import dev.aviary.engine.Revision;
import dev.aviary.local.ControlToken;
import dev.aviary.local.Platform;
import dev.aviary.local.PlatformOptions;
import dev.aviary.server.ServerLogging;
import dev.aviary.spec.SpecDocuments;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code aviary demo}: the embedded platform on free ports in a temporary state directory, steady
 * traffic through its gateway, and four rollouts of the example fraud models: v1, a canary of v2
 * that is promoted, a canary of the faulty v3 that analysis rolls back, and a blue/green switch to
 * v1 that {@code undo} reverts. Exits 0 only if every expectation held.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run the rollout demo: start the embedded platform on free ports in a temporary state",
      "directory, send steady traffic, roll out fraud v2 as a canary (promoted), the faulty v3",
      "(rolled back by analysis), then blue/green to v1 and undo. Exit 0 only if every",
      "expectation held."
    },
    sortOptions = false)
public final class DemoCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Option(
      names = "--examples",
      paramLabel = "DIR",
      description = "The fraud example folder (default: examples/fraud of this checkout).")
  Path examples;

  @Option(
      names = "--workdir",
      paramLabel = "DIR",
      description = "State directory to use (default: a new temporary directory).")
  Path workdir;

  @Option(
      names = "--replicas",
      defaultValue = "3",
      description = "Replicas of the serving revision (default: ${DEFAULT-VALUE}).")
  int replicas;

  @Option(
      names = "--timeout",
      defaultValue = "150",
      description =
          "Seconds each stage may take before the demo gives up (default: ${DEFAULT-VALUE}).")
  int stageTimeout;

  private final PrintStream out = System.out;

  /** For the preview port only: the gateway's data plane, not the control API. */
  private final HttpClient gateway = HttpClient.newHttpClient();

  private final List<String> broken = new ArrayList<>();
  private ControlClient api;
  private String sampleBody;
  private Instant started;

  @Override
  public Integer call() throws Exception {
    if (replicas < 1 || replicas > 10) {
      throw new IllegalArgumentException("--replicas must be between 1 and 10, got " + replicas);
    }
    started = Instant.now();
    ServerLogging.configure("error", "aviary-demo");
    Path models =
        (examples != null ? examples : ExampleLocator.fraudExamples())
            .resolve("models")
            .toAbsolutePath()
            .normalize();
    Path state = workdir != null ? workdir : Files.createTempDirectory("aviary-demo-");
    out.println("Aviary demo: zero-downtime rollouts of a card-fraud model on one machine");
    out.println("  state and logs: " + state.toAbsolutePath());
    String token = ControlToken.readOrCreate(state);
    Platform platform =
        Platform.start(
            new PlatformOptions(
                    state,
                    "127.0.0.1",
                    0,
                    "127.0.0.1",
                    0,
                    token,
                    UpCommand.serveCommand(),
                    state,
                    null,
                    Duration.ofSeconds(10))
                .withModelRoots(List.of(models)));
    String apiUrl = "http://127.0.0.1:" + platform.apiPort();
    api = ControlClient.to(apiUrl, token);
    out.println("  control API " + apiUrl + ", gateway http://127.0.0.1:" + platform.gatewayPort());
    out.println(
        "  dashboard "
            + DashboardAddress.of(
                "127.0.0.1", platform.apiPort(), token, DashboardAddress.onTerminal()));
    TrafficLoad load = new TrafficLoad(platform.gatewayPort(), "fraud", 2026);
    sampleBody = load.sampleBody();
    Outcome o = new Outcome();
    try {
      run(models, load, o);
    } catch (StageTimeout e) {
      broken.add(e.getMessage());
    } finally {
      load.close();
      out.println();
      out.println("Stopping the platform (replicas drain and exit)...");
      platform.close();
    }
    summary(load, o, state);
    return broken.isEmpty() ? 0 : 1;
  }

  /** What the stages measured, for the summary. */
  private static final class Outcome {
    TrafficLoad.Tally v1;
    TrafficLoad.Tally v2;
    TrafficLoad.Tally v3;
    TrafficLoad.Tally blueGreen;
    Duration v3Exposure;
    Duration undo;
    int v3Weight = 10;
  }

  private void run(Path models, TrafficLoad load, Outcome o) throws Exception {
    String v1 = canary(models, "1");
    String v2 = canary(models, "2");
    String v3 = canary(models, "3");
    String id1 = revisionId(v1);
    String id2 = revisionId(v2);
    String id3 = revisionId(v3);

    stage("1. Deploy fraud v1 with " + replicas + " replicas, then start steady traffic");
    o.v1 = load.newStage();
    apply(v1);
    await("v1 Healthy", d -> phase(d).equals("Healthy") && stable(d).equals(id1));
    load.start(2);
    Thread.sleep(3000);
    expectNoFailures("v1", o.v1);

    stage(
        "2. Canary of v2: shadow, 10 %, analysis (success rate, p99 vs stable, prediction"
            + " drift vs stable), 50 %, 100 %");
    o.v2 = load.newStage();
    apply(v2);
    JsonNode promoted =
        await("v2 promoted", d -> phase(d).equals("Healthy") && stable(d).equals(id2));
    printAnalysis(promoted);
    expectNoFailures("v2 canary", o.v2);
    expect(o.v2.of(id2) > 0, "v2 answered requests during its rollout");

    stage("3. Canary of v3 (faulty: shifted predictions): analysis should roll it back");
    o.v3 = load.newStage();
    apply(v3);
    JsonNode aborted =
        await("v3 rolled back", d -> phase(d).equals("Degraded") && candidate(d).equals(id3));
    Instant rolledBack = Instant.now();
    Instant firstV3 = load.firstAnswerFrom(id3);
    o.v3Exposure = firstV3 == null ? null : Duration.between(firstV3, rolledBack);
    printAnalysis(aborted);
    expect(stable(aborted).equals(id2), "v2 is still the stable revision");
    expect(
        aborted.path("status").path("weights").path(id2).asInt() == 100,
        "all traffic is back on v2");
    String drift = metricPhase(aborted, "prediction-drift");
    expect(
        drift.equals("Failed"),
        "the prediction-drift analysis failed ("
            + drift
            + "); rollback reason: "
            + aborted.path("status").path("message").asText());
    long allowed = (long) Math.ceil(o.v3.sent.get() * o.v3Weight / 100.0);
    expect(
        o.v3.failed.get() <= allowed,
        "failed requests during the bad canary ("
            + o.v3.failed.get()
            + ") within its "
            + o.v3Weight
            + " % exposure ("
            + allowed
            + ")");
    Thread.sleep(1500);
    long before = o.v3.of(id3);
    Thread.sleep(1500);
    expect(o.v3.of(id3) == before, "v3 gets no more traffic after the rollback");

    stage(
        "4. Blue/green to v1: preview (reachable with x-aviary-preview: true), pre-promotion"
            + " analysis, switch, then undo");
    o.blueGreen = load.newStage();
    load.previewEvery("x-aviary-preview");
    int previewPort = freePort();
    apply(blueGreen(models, "1", previewPort));
    String previewRevision = awaitPreview(previewPort, id1);
    expect(
        previewRevision.equals(id1),
        "the preview port "
            + previewPort
            + " serves v1 before the switch (got "
            + previewRevision
            + ")");
    await(
        "v1 preview switched in",
        d -> stable(d).equals(id1) && d.path("status").path("weights").path(id1).asInt() == 100);
    out.println("  switched: all traffic on v1; v2 stays up for an instant undo");
    Thread.sleep(2000);
    Instant undoAt = Instant.now();
    api.post("/api/v1/deployments/fraud/undo", "{}", "application/json");
    await(
        "undo back to v2",
        d -> stable(d).equals(id2) && d.path("status").path("weights").path(id2).asInt() == 100);
    o.undo = Duration.between(undoAt, Instant.now());
    load.previewEvery(null);
    Thread.sleep(2000);
    expectNoFailures("blue/green and undo", o.blueGreen);
    expect(o.blueGreen.of(id1) > 0, "v1 answered requests while it was live");
  }

  private void summary(TrafficLoad load, Outcome o, Path state) {
    out.println();
    out.println("Summary");
    out.printf("  requests sent: %d, failed: %d%n", load.total(), load.totalFailed());
    row("v1 deploy", o.v1);
    row("v2 canary", o.v2);
    row("v3 canary (bad)", o.v3);
    row("blue/green + undo", o.blueGreen);
    if (o.v3Exposure != null) {
      out.printf(
          "  v3 canary: first request to full rollback %.1f s%n", o.v3Exposure.toMillis() / 1000.0);
    }
    if (o.undo != null) {
      out.printf("  undo after the blue/green switch took %.1f s%n", o.undo.toMillis() / 1000.0);
    }
    out.printf(
        "  total time %.0f s%n", Duration.between(started, Instant.now()).toMillis() / 1000.0);
    out.println(
        "  replica logs: "
            + state.toAbsolutePath().resolve("logs")
            + "/<deployment>/<revision>/<replica>.log");
    out.println("  state database: " + state.toAbsolutePath().resolve("aviary.db"));
    out.println();
    if (broken.isEmpty()) {
      out.println("Every expectation held.");
    } else {
      out.println("FAILED expectations:");
      broken.forEach(b -> out.println("  - " + b));
    }
    out.flush();
  }

  private void row(String name, TrafficLoad.Tally t) {
    if (t != null) {
      out.printf(
          "  %-18s sent %6d  failed %3d  by revision %s%n",
          name, t.sent.get(), t.failed.get(), t.byRevision);
      t.failures.forEach(f -> out.println("      " + f));
    }
  }

  private void stage(String title) {
    out.println();
    out.printf("[%3ds] %s%n", Duration.between(started, Instant.now()).toSeconds(), title);
  }

  private void expect(boolean ok, String what) {
    out.println("  " + (ok ? "ok   " : "FAIL ") + what);
    if (!ok) {
      broken.add(what);
    }
  }

  private void expectNoFailures(String stage, TrafficLoad.Tally t) {
    expect(
        t.failed.get() == 0,
        stage
            + ": "
            + t.failed.get()
            + " failed of "
            + t.sent.get()
            + " requests"
            + (t.failures.isEmpty() ? "" : " " + t.failures));
  }

  private void printAnalysis(JsonNode d) {
    for (JsonNode run : d.path("status").path("runs")) {
      for (JsonNode m : run.path("metrics")) {
        for (JsonNode x : m.path("measurements")) {
          if (x.path("phase").asText().equals("Waiting")) {
            continue;
          }
          out.printf(
              "  analysis %-22s %-12s value %s%s%n",
              m.path("name").asText(),
              x.path("phase").asText(),
              x.path("value"),
              x.hasNonNull("baseline") ? "  baseline " + x.path("baseline") : "");
        }
      }
    }
  }

  /** Polls the deployment, printing each new progress line, until {@code done} holds. */
  private JsonNode await(String what, Predicate<JsonNode> done) throws Exception {
    Instant deadline = Instant.now().plusSeconds(stageTimeout);
    String last = "";
    while (Instant.now().isBefore(deadline)) {
      JsonNode d = get("/api/v1/deployments/fraud");
      String line =
          phase(d)
              + "  step "
              + d.path("status").path("currentStep").asInt()
              + "  weights "
              + d.path("status").path("weights")
              + "  "
              + d.path("status").path("message").asText();
      if (!line.equals(last)) {
        out.printf("  [%3ds] %s%n", Duration.between(started, Instant.now()).toSeconds(), line);
        last = line;
      }
      if (done.test(d)) {
        return d;
      }
      Thread.sleep(500);
    }
    throw new StageTimeout("'" + what + "' did not happen within " + stageTimeout + " s");
  }

  private static final class StageTimeout extends Exception {
    private static final long serialVersionUID = 1L;

    StageTimeout(String m) {
      super(m);
    }
  }

  /** Phase of a metric in the latest analysis run that has it. */
  private static String metricPhase(JsonNode d, String metric) {
    String phase = "not measured";
    for (JsonNode run : d.path("status").path("runs")) {
      for (JsonNode m : run.path("metrics")) {
        if (m.path("name").asText().equals(metric)) {
          phase = m.path("phase").asText();
        }
      }
    }
    return phase;
  }

  private static String phase(JsonNode d) {
    return d.path("status").path("phase").asText("Pending");
  }

  private static String stable(JsonNode d) {
    return d.path("status").path("stable").path("id").asText("");
  }

  private static String candidate(JsonNode d) {
    return d.path("status").path("candidate").path("id").asText("");
  }

  private void apply(String yaml) throws ControlClient.ApiError {
    api.post("/api/v1/apply", yaml, "application/yaml");
  }

  private JsonNode get(String path) throws ControlClient.ApiError {
    return api.get(path);
  }

  private static String revisionId(String yaml) throws Exception {
    return Revision.idOf(SpecDocuments.parse(yaml).deployments().get(0).spec());
  }

  private static final String HEADER =
      """
      apiVersion: aviary.dev/v1alpha1
      kind: ModelDeployment
      metadata: {name: fraud}
      spec:
        model: {name: fraud, version: "%s", uri: "%s"}
        replicas: %d
        server: {args: ["--drain-delay", "1s", "--inference-threads", "2"]}
        progressDeadlineSeconds: 120
      """;

  private static final String CANARY =
      """
        strategy:
          canary:
            # v1 goes as soon as v2 serves: act 4 then rolls v1 out again as a full blue/green
            # (a revision still up would come back at once, as an undo does).
            scaleDownDelaySeconds: 0
            steps:
              - shadow: {percent: 100, duration: 4s}
              - setWeight: 10
              - analysis:
                  metrics:
                    - name: success-rate
                      provider: {builtin: {metric: successRate, window: 20s}}
                      successCondition: result >= 0.99
                      minSampleSize: 15
                    - name: p99-latency
                      provider: {builtin: {metric: latencyP99, window: 20s}}
                      successCondition: result <= baseline * 2 + 0.3
                      initialDelay: 12s
                      minSampleSize: 15
                    - name: prediction-drift
                      provider: {builtin: {metric: predictionDriftPsi}}
                      successCondition: result < 0.2
                      minSampleSize: 15
                    - name: prediction-drift-js
                      provider: {builtin: {metric: predictionDriftJs}}
                      successCondition: result < 0.05
                      minSampleSize: 15
                      dryRun: true
              - setWeight: 50
      """;

  private static final String BLUE_GREEN =
      """
        strategy:
          blueGreen:
            autoPromotionEnabled: true
            scaleDownDelaySeconds: 120
            previewAccess: {port: %d}
            prePromotionAnalysis:
              metrics:
                - name: preview-success-rate
                  provider: {builtin: {metric: successRate, window: 20s}}
                  successCondition: result >= 0.99
                  minSampleSize: 10
      """;

  private String header(Path models, String version) {
    return HEADER.formatted(
        version, models.resolve("v" + version).resolve("model.onnx").toUri(), replicas);
  }

  private String canary(Path models, String version) {
    return header(models, version) + CANARY;
  }

  /**
   * Sends requests to the preview port until one is answered by {@code revision}, or the switch
   * happened first; returns the revision that answered (or what went wrong).
   */
  private String awaitPreview(int port, String revision) throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + port + "/v2/models/fraud/infer");
    Instant deadline = Instant.now().plusSeconds(stageTimeout);
    String last = "nothing";
    while (Instant.now().isBefore(deadline)) {
      try {
        HttpResponse<String> r =
            gateway.send(
                HttpRequest.newBuilder(uri)
                    .POST(HttpRequest.BodyPublishers.ofString(sampleBody))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        last = r.statusCode() + " from " + r.headers().firstValue("x-aviary-revision").orElse("?");
        if (r.statusCode() == 200 && last.endsWith(revision)) {
          return revision;
        }
      } catch (IOException notOpenYet) {
        last = "port not open";
      }
      if (stable(get("/api/v1/deployments/fraud")).equals(revision)) {
        return "the switch before the preview answered; last: " + last;
      }
      Thread.sleep(300);
    }
    return "nothing within " + stageTimeout + " s; last: " + last;
  }

  private static int freePort() throws IOException {
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private String blueGreen(Path models, String version, int previewPort) {
    return header(models, version) + BLUE_GREEN.formatted(previewPort);
  }
}
