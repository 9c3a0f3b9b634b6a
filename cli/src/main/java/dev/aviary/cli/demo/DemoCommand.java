package dev.aviary.cli.demo;

import dev.aviary.train.FraudDataGenerator;
import dev.aviary.train.Transaction;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code aviary demo}: serves the three example fraud releases from a real model-server process
 * and shows what a rollout will later act on — answers, a clear error, the prediction distribution
 * per version in the metrics, and a graceful drain.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run the model-server demo: serve the example fraud models v1, v2 and v3 from a real",
      "'aviary serve' process, score held-out transactions with each, show how the faulty v3",
      "shifts the prediction distribution, then drain and stop the server."
    },
    sortOptions = false)
public final class DemoCommand implements Callable<Integer> {

  private static final String MODEL = "fraud";
  private static final String INPUT = "input";
  private static final int FRAUD_COLUMN = 0;
  private static final List<String> VERSIONS = List.of("1", "2", "3");

  @Option(
      names = "--examples",
      paramLabel = "DIR",
      description = "The fraud example folder (default: examples/fraud of this checkout).")
  Path examples;

  @Option(
      names = "--workdir",
      paramLabel = "DIR",
      defaultValue = ".aviary/demo",
      description = "Where the demo lays out its model repository and logs (default: ${DEFAULT-VALUE}).")
  Path workdir;

  @Option(
      names = "--rows",
      defaultValue = "2000",
      description = "Held-out transactions to score with every version (default: ${DEFAULT-VALUE}).")
  int rows;

  @Option(
      names = "--seed",
      defaultValue = "2026",
      description = "Seed of the held-out transactions (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--keep-running",
      description = "Leave the server running after the demo until Ctrl-C, to try it with curl.")
  boolean keepRunning;

  private final PrintStream out = System.out;

  @Override
  public Integer call() throws Exception {
    if (rows < 1) {
      throw new IllegalArgumentException("--rows must be at least 1, got " + rows);
    }
    Path exampleDir = examples != null ? examples : ExampleLocator.fraudExamples();
    out.println("Aviary demo: one model server, three releases of a card-fraud classifier");
    out.println();

    Path repository = layOutRepository(exampleDir.resolve("models"));
    out.printf(
        "[1/7] model repository %s: %s versions %s (copied from %s)%n",
        repository, MODEL, String.join(", ", VERSIONS), exampleDir.resolve("models"));

    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    Path log = workdir.resolve("server.log");
    try (ServerChild server =
        ServerChild.start(
            List.of("--repository", repository.toString(), "--drain-delay", "1s"), log)) {
      long started = System.nanoTime();
      out.printf(
          "[2/7] started 'aviary serve --repository %s' (pid %d, JSON logs in %s)%n",
          repository, server.pid(), log);
      server.awaitReady(http, Duration.ofSeconds(90));
      OipClient client = new OipClient(http, server.baseUri());
      out.printf(
          "      ready (all models loaded and warmed up) after %.1f s at %s%n",
          (System.nanoTime() - started) / 1e9, server.baseUri());
      out.println("      GET /readyz -> " + client.get("/readyz").body());

      showExampleRequest(client, exampleDir.resolve("request.json"));
      List<VersionScore> scores = scoreHeldOut(client);
      showMalformedRequest(client);
      showPredictionMetrics(client);

      if (keepRunning) {
        printTryIt(server);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        Thread.currentThread().join();
      }
      out.println("[7/7] graceful shutdown: SIGTERM, readiness turns false, in-flight requests finish");
      int exit = server.terminate(Duration.ofSeconds(30));
      out.printf("      the server exited with code %d%n", exit);
      out.println();
      printVerdict(scores);
      return exit == 0 ? 0 : 1;
    }
  }

  private Path layOutRepository(Path models) throws IOException {
    Path repository = workdir.resolve("models");
    for (String version : VERSIONS) {
      Path source = models.resolve("v" + version).resolve("model.onnx");
      if (!Files.isRegularFile(source)) {
        throw new IOException(
            "example model " + source + " is missing; run './aviary train' to produce it");
      }
      Path target = repository.resolve(MODEL).resolve(version).resolve("model.onnx");
      Files.createDirectories(target.getParent());
      Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
    }
    return repository;
  }

  private void showExampleRequest(OipClient client, Path requestFile)
      throws IOException, InterruptedException {
    out.printf(
        "[3/7] POST /v2/models/%s/infer with %s (no version named: the newest, %s, answers)%n",
        MODEL, requestFile, VERSIONS.get(VERSIONS.size() - 1));
    OipClient.Reply reply = client.post("/v2/models/" + MODEL + "/infer", Files.readString(requestFile));
    out.printf("      %d %s%n", reply.status(), abbreviate(reply.body(), 300));
  }

  private List<VersionScore> scoreHeldOut(OipClient client)
      throws IOException, InterruptedException {
    List<Transaction> transactions = new FraudDataGenerator(seed).generate(rows);
    boolean[] actual = new boolean[rows];
    float[][] features = new float[rows][];
    for (int i = 0; i < rows; i++) {
      actual[i] = transactions.get(i).fraud();
      features[i] = transactions.get(i).features();
    }
    out.printf(
        "[4/7] scoring %,d held-out transactions (seed %d, %.1f %% fraud) with every version:%n",
        rows, seed, 100.0 * count(actual) / rows);
    out.println("      version   flagged   mean P(fraud)   accuracy   fraud recall");
    List<VersionScore> scores = new ArrayList<>();
    for (String version : VERSIONS) {
      double[] fraudProbability = new double[rows];
      int batch = 200;
      for (int from = 0; from < rows; from += batch) {
        int to = Math.min(rows, from + batch);
        float[][] probabilities =
            client.infer(MODEL, version, INPUT, java.util.Arrays.copyOfRange(features, from, to));
        for (int i = from; i < to; i++) {
          fraudProbability[i] = probabilities[i - from][FRAUD_COLUMN];
        }
      }
      VersionScore score = VersionScore.of(version, fraudProbability, actual);
      scores.add(score);
      out.printf(
          Locale.ROOT,
          "      v%-8s %6.2f %%   %13.4f   %8.4f   %12.4f%n",
          version,
          100 * score.flaggedRate(),
          score.meanFraudProbability(),
          score.accuracy(),
          score.recall());
    }
    return scores;
  }

  private void showMalformedRequest(OipClient client) throws IOException, InterruptedException {
    String bad =
        "{\"inputs\":[{\"name\":\"input\",\"shape\":[1,3],\"datatype\":\"FP32\",\"data\":[1,2,3]}]}";
    out.println("[5/7] a malformed request gets a clear 400, never a 500:");
    out.println("      POST /v2/models/" + MODEL + "/infer " + bad);
    OipClient.Reply reply = client.post("/v2/models/" + MODEL + "/infer", bad);
    out.printf("      %d %s%n", reply.status(), reply.body());
  }

  /** The per-version prediction distribution that rollout analysis compares between versions. */
  private void showPredictionMetrics(OipClient client) throws IOException, InterruptedException {
    out.println(
        "[6/7] predicted classes per version (class 0 = fraud), from GET /metrics; rollout"
            + " analysis compares these between versions:");
    for (String line : client.get("/metrics").body().split("\n")) {
      if (line.startsWith("aviary_predictions_total{")) {
        out.println("      " + line);
      }
    }
  }

  private void printTryIt(ServerChild server) {
    String base = server.baseUri().toString();
    out.println();
    out.println("The server keeps running (Ctrl-C stops it). Try:");
    out.println("  curl " + base + "/v2/models/" + MODEL);
    out.println(
        "  curl -X POST "
            + base
            + "/v2/models/"
            + MODEL
            + "/versions/2/infer -H 'content-type: application/json' -d @examples/fraud/request.json");
    out.println("  curl " + base + "/metrics");
    out.println();
  }

  private void printVerdict(List<VersionScore> scores) {
    VersionScore v1 = scores.get(0);
    VersionScore v2 = scores.get(1);
    VersionScore v3 = scores.get(2);
    out.printf(
        Locale.ROOT,
        "What a rollout would see: v2 is as accurate as v1 or better (%.4f vs %.4f); v3 flags"
            + " %.1fx as many transactions as v2 (%.2f %% vs %.2f %%) — the prediction drift that"
            + " automated analysis rolls back.%n",
        v2.accuracy(),
        v1.accuracy(),
        v2.flaggedRate() == 0 ? Double.POSITIVE_INFINITY : v3.flaggedRate() / v2.flaggedRate(),
        100 * v3.flaggedRate(),
        100 * v2.flaggedRate());
  }

  private static int count(boolean[] values) {
    int n = 0;
    for (boolean value : values) {
      n += value ? 1 : 0;
    }
    return n;
  }

  private static String abbreviate(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max) + "...";
  }
}
