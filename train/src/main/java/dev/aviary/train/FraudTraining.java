package dev.aviary.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Generates the fraud data, trains every {@link FraudModelVersion}, evaluates it on held-out rows
 * and writes the example directory:
 *
 * <pre>
 * OUT/models/v1/model.onnx, v2/model.onnx, v3/model.onnx
 * OUT/models/metrics.json
 * OUT/request.json          an OIP v2 infer request every version accepts
 * OUT/data/sample.csv       the first rows of the training set (when sampleRows &gt; 0)
 * OUT/data/holdout.csv      the first held-out rows (when holdoutRows &gt; 0)
 * </pre>
 *
 * Training rows come from seed {@code s}, held-out rows from {@code s + 1} and the request rows
 * from {@code s + 2}, so the same options always give the same files.
 */
public final class FraudTraining {

  // Held strongly: java.util.logging forgets levels set on loggers nobody references.
  private static final Logger TRIBUO_LOG = Logger.getLogger("org.tribuo");

  private static final int REQUEST_SEARCH_ROWS = 20_000;

  private FraudTraining() {}

  /** What to generate and where. */
  public record Options(
      Path outDir, long seed, int trainRows, int testRows, int sampleRows, int holdoutRows) {
    public static final long DEFAULT_SEED = 42;
    public static final int DEFAULT_TRAIN_ROWS = 50_000;
    public static final int DEFAULT_TEST_ROWS = 20_000;
    public static final int DEFAULT_SAMPLE_ROWS = 2_000;
    public static final int DEFAULT_HOLDOUT_ROWS = 2_000;

    /** Without a hold-out file. */
    public Options(Path outDir, long seed, int trainRows, int testRows, int sampleRows) {
      this(outDir, seed, trainRows, testRows, sampleRows, 0);
    }

    public Options {
      if (outDir == null) {
        throw new IllegalArgumentException("outDir is required");
      }
      if (trainRows < 1_000) {
        throw new IllegalArgumentException("trainRows must be >= 1000, was " + trainRows);
      }
      if (testRows < 1_000) {
        throw new IllegalArgumentException("testRows must be >= 1000, was " + testRows);
      }
      if (sampleRows < 0 || sampleRows > trainRows) {
        throw new IllegalArgumentException(
            "sampleRows must be 0.." + trainRows + " (trainRows), was " + sampleRows);
      }
      if (holdoutRows < 0 || holdoutRows > testRows) {
        throw new IllegalArgumentException(
            "holdoutRows must be 0.." + testRows + " (testRows), was " + holdoutRows);
      }
    }

    public static Options defaults(Path outDir) {
      return new Options(
          outDir,
          DEFAULT_SEED,
          DEFAULT_TRAIN_ROWS,
          DEFAULT_TEST_ROWS,
          DEFAULT_SAMPLE_ROWS,
          DEFAULT_HOLDOUT_ROWS);
    }
  }

  /** One written model and its held-out metrics. */
  public record VersionResult(
      FraudModelVersion version, Path model, long bytes, String sha256, BinaryMetrics metrics) {}

  /** Everything a run produced. */
  public record Report(
      Options options,
      double trainFraudRate,
      List<VersionResult> versions,
      Path metricsFile,
      Path requestFile) {}

  public static Report run(Options options, Consumer<String> progress) throws IOException {
    TRIBUO_LOG.setLevel(Level.WARNING);
    long seed = options.seed();
    progress.accept(
        "generating "
            + options.trainRows()
            + " training and "
            + options.testRows()
            + " held-out transactions (seed "
            + seed
            + ")");
    List<Transaction> training = new FraudDataGenerator(seed).generate(options.trainRows());
    List<Transaction> heldOut = new FraudDataGenerator(seed + 1).generate(options.testRows());
    boolean[] labels = new boolean[heldOut.size()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = heldOut.get(i).fraud();
    }

    Path models = options.outDir().resolve("models");
    List<VersionResult> results = new ArrayList<>();
    TribuoFraudTrainer.Trained best = null;
    for (FraudModelVersion version : FraudModelVersion.values()) {
      progress.accept("training " + version.directory() + ": " + version.description());
      TribuoFraudTrainer.Trained trained = TribuoFraudTrainer.train(version, training, seed);
      if (version == FraudModelVersion.V2) {
        best = trained;
      }
      BinaryMetrics metrics =
          BinaryMetrics.of(
              trained.fraudProbabilities(heldOut), labels, BinaryMetrics.DEFAULT_THRESHOLD);
      byte[] onnx = OnnxModelWriter.toBytes(trained);
      Path file = models.resolve(version.directory()).resolve("model.onnx");
      Files.createDirectories(file.getParent());
      Files.write(file, onnx);
      results.add(new VersionResult(version, file, onnx.length, sha256(onnx), metrics));
    }

    double trainFraudRate =
        training.stream().filter(Transaction::fraud).count() / (double) training.size();
    Path metricsFile = models.resolve("metrics.json");
    Files.writeString(metricsFile, metricsJson(options, trainFraudRate, results));

    Path requestFile = options.outDir().resolve("request.json");
    Files.writeString(
        requestFile,
        InferRequest.json("fraud-example-1", requestRows(seed + 2, best)),
        StandardCharsets.UTF_8);

    if (options.sampleRows() > 0) {
      TransactionCsv.write(
          options.outDir().resolve("data").resolve("sample.csv"),
          training.subList(0, options.sampleRows()));
    }
    if (options.holdoutRows() > 0) {
      TransactionCsv.write(
          options.outDir().resolve("data").resolve("holdout.csv"),
          heldOut.subList(0, options.holdoutRows()));
    }
    return new Report(options, trainFraudRate, results, metricsFile, requestFile);
  }

  /**
   * Eight rows in a fixed order, two of them fraud: the first fraud row that {@code reference}
   * flags (probability >= 0.5) and the first one it misses, so the request shows both outcomes.
   * When the reference flags no fraud row among the first {@value #REQUEST_SEARCH_ROWS}, the first
   * two fraud rows are used.
   */
  static List<Transaction> requestRows(long seed, TribuoFraudTrainer.Trained reference) {
    List<Transaction> candidates = new FraudDataGenerator(seed).generate(REQUEST_SEARCH_ROWS);
    double[] p = reference.fraudProbabilities(candidates);
    List<Transaction> legit = new ArrayList<>();
    Transaction caught = null;
    Transaction missed = null;
    Transaction secondMissed = null;
    for (int i = 0; i < candidates.size(); i++) {
      Transaction t = candidates.get(i);
      if (!t.fraud()) {
        if (legit.size() < 6) {
          legit.add(t);
        }
      } else if (p[i] >= BinaryMetrics.DEFAULT_THRESHOLD) {
        caught = caught == null ? t : caught;
      } else if (missed == null) {
        missed = t;
      } else if (secondMissed == null) {
        secondMissed = t;
      }
    }
    if (legit.size() < 6 || missed == null || (caught == null && secondMissed == null)) {
      throw new IllegalStateException(
          "too few rows of each kind among " + REQUEST_SEARCH_ROWS + " generated transactions");
    }
    Transaction first = caught != null ? caught : missed;
    Transaction second = caught != null ? missed : secondMissed;
    return List.of(
        legit.get(0),
        legit.get(1),
        first,
        legit.get(2),
        legit.get(3),
        legit.get(4),
        second,
        legit.get(5));
  }

  private static String metricsJson(
      Options options, double trainFraudRate, List<VersionResult> results) throws IOException {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("seed", options.seed());
    root.put("trainRows", options.trainRows());
    root.put("heldOutRows", options.testRows());
    root.put("trainFraudRate", round(trainFraudRate));
    root.put("threshold", BinaryMetrics.DEFAULT_THRESHOLD);
    Map<String, Object> versions = new LinkedHashMap<>();
    for (VersionResult r : results) {
      BinaryMetrics m = r.metrics();
      Map<String, Object> v = new LinkedHashMap<>();
      v.put("description", r.version().description());
      v.put("file", r.version().directory() + "/model.onnx");
      v.put("bytes", r.bytes());
      v.put("sha256", r.sha256());
      v.put("accuracy", round(m.accuracy()));
      v.put("precision", round(m.precision()));
      v.put("recall", round(m.recall()));
      v.put("auc", round(m.auc()));
      v.put("logLoss", round(m.logLoss()));
      v.put("flaggedRate", round(m.flaggedRate()));
      v.put("meanFraudProbability", round(m.meanFraudProbability()));
      v.put("actualFraudRate", round(m.actualFraudRate()));
      versions.put(r.version().directory(), v);
    }
    root.put("versions", versions);
    return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root)
        + "\n";
  }

  /** Four decimals keep the file readable; NaN (AUC without any fraud row) becomes null. */
  private static BigDecimal round(double v) {
    if (Double.isNaN(v)) {
      return null;
    }
    return BigDecimal.valueOf(v).setScale(4, RoundingMode.HALF_EVEN);
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always has SHA-256", e);
    }
  }
}
