package dev.aviary.cli;

import dev.aviary.durations.Durations;
import dev.aviary.monitor.Baseline;
import dev.aviary.monitor.MonitorPolicy;
import dev.aviary.server.BaselineFile;
import dev.aviary.server.BatchSettings;
import dev.aviary.server.GraphOptimization;
import dev.aviary.server.ModelSource;
import dev.aviary.server.MonitorSettings;
import dev.aviary.server.PayloadLogSettings;
import dev.aviary.server.ServerConfig;
import dev.aviary.server.ServerLogging;
import dev.aviary.server.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code aviary serve}: the model server (Open Inference Protocol v2 over ONNX Runtime). */
@Command(
    name = "serve",
    description = {
      "Serve ONNX models over the Open Inference Protocol v2 (REST, and gRPC with --grpc-port)"
          + " and V1 :predict.",
      "Probes: /healthz, /readyz. Metrics: /metrics. SIGTERM drains gracefully and exits 0.",
      "See docs/server.md."
    },
    usageHelpAutoWidth = true,
    sortOptions = false)
public final class ServeCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  boolean help;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  static final class Source {
    @Option(names = "--model", paramLabel = "PATH.onnx", description = "Serve one ONNX model file.")
    Path model;

    @Option(
        names = "--repository",
        paramLabel = "DIR",
        description =
            "Serve every DIR/<name>/<version>/model.onnx; the newest version answers when a"
                + " request names none (versions compare numerically when they are numbers).")
    Path repository;
  }

  @Option(
      names = "--name",
      paramLabel = "NAME",
      description = "Model name with --model (default: the file name without .onnx).")
  String name;

  @Option(
      names = "--version",
      paramLabel = "VERSION",
      defaultValue = "1",
      description = "Model version with --model (default: ${DEFAULT-VALUE}).")
  String version;

  @Option(
      names = "--host",
      paramLabel = "HOST",
      defaultValue = ServerConfig.DEFAULT_HOST,
      description =
          "Interface to bind (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0 for every"
              + " interface, as a server in a container or pod needs).")
  String host;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "9000",
      description = "HTTP port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--grpc-port",
      paramLabel = "PORT",
      defaultValue = "-1",
      description =
          "Also serve the Open Inference Protocol over gRPC on this port; 0 picks a free one,"
              + " -1 = no gRPC (default: ${DEFAULT-VALUE}).")
  int grpcPort;

  @Option(
      names = "--max-request-bytes",
      defaultValue = "16MiB",
      paramLabel = "SIZE",
      description =
          "Larger request bodies are answered 413; a number of bytes or with KiB/MiB"
              + " (default: ${DEFAULT-VALUE}).")
  String maxRequestBytes;

  @Option(
      names = "--drain-delay",
      defaultValue = "5s",
      converter = DurationConverter.class,
      paramLabel = "DURATION",
      description =
          "After SIGTERM: readiness is false at once, requests are still served this long"
              + " (default: ${DEFAULT-VALUE}).")
  Duration drainDelay;

  @Option(
      names = "--shutdown-timeout",
      defaultValue = "30s",
      converter = DurationConverter.class,
      paramLabel = "DURATION",
      description =
          "Upper bound for the whole shutdown, drain delay included (default: ${DEFAULT-VALUE}).")
  Duration shutdownTimeout;

  @Option(
      names = "--inference-threads",
      paramLabel = "N",
      description = "Threads running inference (default: number of CPUs, at least 2).")
  Integer inferenceThreads;

  @Option(
      names = "--max-queued-requests",
      defaultValue = "1024",
      paramLabel = "N",
      description =
          "Inference requests accepted and not yet answered; beyond it 503 (default:"
              + " ${DEFAULT-VALUE}).")
  int maxQueued;

  @Option(
      names = "--intra-op-threads",
      defaultValue = "1",
      paramLabel = "N",
      description =
          "ONNX Runtime threads per inference; 0 = runtime default (default: ${DEFAULT-VALUE}).")
  int intraOpThreads;

  @Option(
      names = "--inter-op-threads",
      defaultValue = "0",
      paramLabel = "N",
      description =
          "ONNX Runtime threads running independent graph nodes in parallel; 0 = sequential"
              + " (default: ${DEFAULT-VALUE}).")
  int interOpThreads;

  @Option(
      names = "--graph-optimization",
      defaultValue = "all",
      paramLabel = "LEVEL",
      description =
          "ONNX Runtime graph optimisation: none, basic, extended or all (default:"
              + " ${DEFAULT-VALUE}).")
  String graphOptimization;

  @Option(
      names = "--event-loops",
      defaultValue = "0",
      paramLabel = "N",
      description =
          "Event loops serving each port (HTTP and gRPC); 0 = one per CPU"
              + " (default: ${DEFAULT-VALUE}).")
  int eventLoops;

  @Option(
      names = "--inline-below",
      defaultValue = "0",
      converter = DurationConverter.class,
      paramLabel = "DURATION",
      description =
          "Run a model whose recent calls took at most this long on the network thread that"
              + " received the request instead of an inference thread: lower latency for one"
              + " client at a time, less throughput under concurrent load; 0 = always hand off"
              + " (default: ${DEFAULT-VALUE}).")
  Duration inlineBelow;

  @Option(
      names = "--max-batch-size",
      defaultValue = "1",
      paramLabel = "N",
      description =
          "Dynamic batching: merge queued requests into model calls of up to N rows; 1 = off"
              + " (default: ${DEFAULT-VALUE}). A repository's <name>/config.yaml overrides it.")
  int maxBatchSize;

  @Option(
      names = "--max-batch-delay",
      defaultValue = "0",
      converter = DurationConverter.class,
      paramLabel = "DURATION",
      description =
          "Longest a request waits for others to join its batch while the model is busy, e.g."
              + " 500us, 2ms; a request to an idle model never waits (default: ${DEFAULT-VALUE}).")
  Duration maxBatchDelay;

  @Option(
      names = "--max-batch-queue",
      defaultValue = "1024",
      paramLabel = "N",
      description =
          "Requests waiting for a batch, per model, beyond which 503 is answered (default:"
              + " ${DEFAULT-VALUE}).")
  int maxBatchQueue;

  @Option(
      names = "--payload-log",
      paramLabel = "FILE|URL",
      description =
          "Log sampled inference requests and responses as CloudEvents: to a file of JSON lines,"
              + " or POSTed to an http(s):// URL. Asynchronous; never slows or fails inference.")
  String payloadLog;

  @Option(
      names = "--payload-log-sample-rate",
      defaultValue = "1",
      paramLabel = "R",
      description = "Fraction (0..1) of inference requests logged (default: ${DEFAULT-VALUE}).")
  double payloadLogSampleRate;

  @Option(
      names = "--payload-log-redact",
      split = ",",
      paramLabel = "NAME",
      description =
          "Input/output names or JSON field names whose values are logged as \"REDACTED\";"
              + " comma-separated or repeated.")
  java.util.List<String> payloadLogRedact = new java.util.ArrayList<>();

  @Option(
      names = "--payload-log-buffer",
      defaultValue = "10000",
      paramLabel = "N",
      description =
          "Events waiting to be written beyond which new ones are dropped and counted (default:"
              + " ${DEFAULT-VALUE}).")
  int payloadLogBuffer;

  @Option(
      names = "--fault-error-rate",
      defaultValue = "0",
      paramLabel = "R",
      description = "Answer this fraction (0..1) of infer requests 500 on purpose (demos, tests).")
  double faultErrorRate;

  @Option(
      names = "--fault-latency",
      defaultValue = "0",
      converter = DurationConverter.class,
      paramLabel = "DURATION",
      description = "Add this latency to each infer request on purpose (demos, tests).")
  Duration faultLatency;

  @Option(
      names = "--baseline",
      paramLabel = "BASELINE.json",
      description =
          "Monitor live inputs against this training baseline (aviary profile create): drift,"
              + " data quality and accuracy from feedback on /metrics and .../monitor.")
  Path baseline;

  @Option(
      names = "--monitor-window",
      defaultValue = "1000",
      paramLabel = "ROWS",
      description = "Recent input rows compared with the baseline (default: ${DEFAULT-VALUE}).")
  int monitorWindow;

  @Option(
      names = "--monitor-max-age",
      converter = DurationConverter.class,
      paramLabel = "DURATION",
      description = "Rows older than this leave the window too (default, or 0: none).")
  Duration monitorMaxAge;

  @Option(
      names = "--monitor-min-rows",
      defaultValue = "100",
      paramLabel = "ROWS",
      description =
          "Below this many rows in the window the drift gauges are NaN (default:"
              + " ${DEFAULT-VALUE}).")
  int monitorMinRows;

  @Option(
      names = "--feedback-ids",
      defaultValue = "100000",
      paramLabel = "N",
      description =
          "Recent requests whose predictions wait for feedback, at most (default:"
              + " ${DEFAULT-VALUE}).")
  int feedbackIds;

  @Option(
      names = "--feedback-retention",
      defaultValue = "1h",
      converter = DurationConverter.class,
      paramLabel = "DURATION",
      description = "How long a prediction waits for its feedback (default: ${DEFAULT-VALUE}).")
  Duration feedbackRetention;

  @Option(
      names = "--accuracy-window",
      defaultValue = "1000",
      paramLabel = "ROWS",
      description = "Labelled rows the accuracy is computed over (default: ${DEFAULT-VALUE}).")
  int accuracyWindow;

  @Option(
      names = "--accuracy-min-rows",
      defaultValue = "100",
      paramLabel = "ROWS",
      description =
          "Below this many labelled rows the accuracy gauge is NaN (default: ${DEFAULT-VALUE}).")
  int accuracyMinRows;

  @Option(
      names = "--output-classes",
      split = ",",
      paramLabel = "LABEL",
      description =
          "The label each column of a class-probability output stands for, for feedback (e.g."
              + " 1,0 when column 0 is P(fraud)); default: the column index.")
  java.util.List<String> outputClasses = new java.util.ArrayList<>();

  // The defaults read the environment here: the level and name given to ServerLogging become system
  // properties, which logback.xml prefers to AVIARY_LOG_LEVEL and AVIARY_SERVICE_NAME.
  @Option(
      names = "--log-level",
      paramLabel = "LEVEL",
      defaultValue = "${env:AVIARY_LOG_LEVEL:-info}",
      description =
          "trace, debug (adds probe and scrape access logs), info, warn, error (default:"
              + " $AVIARY_LOG_LEVEL, else info; now ${DEFAULT-VALUE}).")
  String logLevel;

  @Option(
      names = "--service-name",
      paramLabel = "NAME",
      defaultValue = "${env:AVIARY_SERVICE_NAME:-aviary-server}",
      description =
          "The service.name field of every log line (default: $AVIARY_SERVICE_NAME, else"
              + " aviary-server; now ${DEFAULT-VALUE}).")
  String serviceName;

  @Override
  public Integer call() {
    ServerConfig config;
    try {
      ServerLogging.configure(logLevel, serviceName);
      if (source.repository != null
          && (name != null || spec.commandLine().getParseResult().hasMatchedOption("--version"))) {
        throw new IllegalArgumentException(
            "--name and --version go with --model; a repository takes them from its directories");
      }
      ModelSource models =
          source.model != null
              ? new ModelSource.SingleModel(source.model, modelName(), version)
              : new ModelSource.Repository(source.repository);
      ServerConfig.Builder b =
          ServerConfig.builder(models)
              .host(host)
              .port(port)
              .grpcPort(grpcPort)
              .maxRequestBytes(parseSize(maxRequestBytes))
              .drainDelay(drainDelay)
              .shutdownTimeout(shutdownTimeout)
              .maxQueuedRequests(maxQueued)
              .intraOpThreads(intraOpThreads)
              .interOpThreads(interOpThreads)
              .graphOptimization(GraphOptimization.parse(graphOptimization))
              .eventLoops(eventLoops)
              .inlineBelow(inlineBelow)
              .faultErrorRate(faultErrorRate)
              .faultLatency(faultLatency)
              .batching(new BatchSettings(maxBatchSize, maxBatchDelay, maxBatchQueue));
      if (payloadLog != null) {
        b.payloadLog(
            new PayloadLogSettings(
                payloadLog,
                payloadLogSampleRate,
                java.util.Set.copyOf(payloadLogRedact),
                payloadLogBuffer));
      }
      if (inferenceThreads != null) {
        b.inferenceThreads(inferenceThreads);
      }
      if (baseline != null) {
        b.monitoring(monitoring());
      }
      config = b.build();
      if (source.model != null && !Files.isRegularFile(source.model)) {
        // Caught here rather than by the loader: a server that can never become ready should
        // not keep a port and wait for probes to notice.
        throw new IllegalArgumentException(
            "--model "
                + source.model
                + ": "
                + (Files.isDirectory(source.model) ? "is a directory" : "no such file")
                + " ("
                + source.model.toAbsolutePath().normalize()
                + "); give the path of an .onnx file, or --repository DIR for a directory of"
                + " models");
      }
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    return ServerProcess.run(config);
  }

  private MonitorSettings monitoring() {
    Baseline read;
    try {
      read = BaselineFile.read(baseline);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("--baseline: cannot read " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--baseline " + e.getMessage());
    }
    return new MonitorSettings(
        read,
        MonitorPolicy.DEFAULT.withWindow(
            monitorWindow,
            monitorMaxAge == null || monitorMaxAge.isZero() ? null : monitorMaxAge,
            monitorMinRows),
        feedbackIds,
        feedbackRetention,
        accuracyWindow,
        accuracyMinRows,
        outputClasses);
  }

  private String modelName() {
    if (name != null) {
      return name;
    }
    String file = source.model.getFileName().toString();
    return file.endsWith(".onnx") ? file.substring(0, file.length() - 5) : file;
  }

  static long parseSize(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    long unit = 1;
    if (t.endsWith("kib") || t.endsWith("k")) {
      unit = 1024;
      t = t.substring(0, t.length() - (t.endsWith("kib") ? 3 : 1));
    } else if (t.endsWith("mib") || t.endsWith("m")) {
      unit = 1024 * 1024;
      t = t.substring(0, t.length() - (t.endsWith("mib") ? 3 : 1));
    }
    try {
      return Math.multiplyExact(Long.parseLong(t.trim()), unit);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException(
          "invalid size '" + text + "': use a number of bytes, or with KiB or MiB (e.g. 16MiB)");
    }
  }

  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        return Durations.parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }
}
