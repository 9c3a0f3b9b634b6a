package dev.aviary.server;

import dev.aviary.durations.Durations;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Everything the model server needs to start. Use {@link #builder(ModelSource)}; values are checked
 * on construction and the message names the setting that is wrong.
 *
 * @param host interface to bind; loopback by default, {@code 0.0.0.0} in a container or pod (whose
 *     IP must be reachable)
 * @param port TCP port; 0 picks a free one (see {@link ModelServer#port()})
 * @param maxRequestBytes bodies larger than this are answered 413
 * @param drainDelay how long the server keeps serving after SIGTERM while readiness is false
 * @param shutdownTimeout upper bound for the whole shutdown, drain delay included
 * @param eventLoops event loops serving each port (HTTP and gRPC); 0 means one per CPU
 * @param inferenceThreads worker threads running ONNX Runtime sessions
 * @param maxQueuedRequests inference requests accepted and not yet answered (running or waiting)
 *     beyond which 503 is answered
 * @param intraOpThreads ONNX Runtime threads per session run (1 suits small tabular models)
 * @param interOpThreads ONNX Runtime threads running independent graph nodes in parallel; 0 runs
 *     the graph sequentially (the runtime's default)
 * @param graphOptimization ONNX Runtime graph optimisation level
 * @param inlineBelow a model whose recent calls took at most this long runs on the network thread
 *     that received the request instead of an inference thread (the hand-off costs more than such a
 *     call, but under concurrent load the event loops are better left to the network); zero, the
 *     default, always hands off
 * @param faultErrorRate fraction of infer requests answered 500 on purpose (0 = off)
 * @param faultLatency latency added to each infer request on purpose (0 = off)
 * @param grpcPort TCP port of the OIP gRPC endpoint; -1 turns it off, 0 picks a free one
 * @param payloadLog where sampled inference payloads are logged; null for nowhere
 * @param batching dynamic batching of every model, unless a repository's {@code <name>/config.yaml}
 *     says otherwise for that model
 * @param monitoring live monitoring against a training baseline; null for none
 */
public record ServerConfig(
    ModelSource models,
    String host,
    int port,
    long maxRequestBytes,
    Duration drainDelay,
    Duration shutdownTimeout,
    int eventLoops,
    int inferenceThreads,
    int maxQueuedRequests,
    int intraOpThreads,
    int interOpThreads,
    GraphOptimization graphOptimization,
    Duration inlineBelow,
    double faultErrorRate,
    Duration faultLatency,
    int grpcPort,
    PayloadLogSettings payloadLog,
    BatchSettings batching,
    MonitorSettings monitoring) {

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 9000;
  public static final long DEFAULT_MAX_REQUEST_BYTES = 16L * 1024 * 1024;
  public static final Duration DEFAULT_DRAIN_DELAY = Duration.ofSeconds(5);
  public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_INLINE_BELOW = Duration.ZERO;

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  public ServerConfig {
    Objects.requireNonNull(models, "models");
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("host must not be empty");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, got " + port);
    }
    if (maxRequestBytes < 1024) {
      throw new IllegalArgumentException(
          "max request bytes must be at least 1024, got " + maxRequestBytes);
    }
    requireNonNegative(drainDelay, "drain delay");
    requireNonNegative(shutdownTimeout, "shutdown timeout");
    if (shutdownTimeout.compareTo(drainDelay) <= 0) {
      throw new IllegalArgumentException(
          "shutdown timeout ("
              + Durations.format(shutdownTimeout)
              + ") must be longer than the drain delay ("
              + Durations.format(drainDelay)
              + ")");
    }
    if (inferenceThreads < 1) {
      throw new IllegalArgumentException("inference threads must be at least 1");
    }
    if (maxQueuedRequests < 1) {
      throw new IllegalArgumentException("max queued requests must be at least 1");
    }
    if (eventLoops < 0) {
      throw new IllegalArgumentException(
          "event loops must be 0 (one per CPU) or more, got " + eventLoops);
    }
    if (intraOpThreads < 0) {
      throw new IllegalArgumentException("intra-op threads must be 0 (runtime default) or more");
    }
    if (interOpThreads < 0) {
      throw new IllegalArgumentException("inter-op threads must be 0 (sequential) or more");
    }
    Objects.requireNonNull(graphOptimization, "graph optimization");
    requireNonNegative(inlineBelow, "inline-below duration");
    if (!(faultErrorRate >= 0 && faultErrorRate <= 1)) {
      throw new IllegalArgumentException("fault error rate must be 0..1, got " + faultErrorRate);
    }
    requireNonNegative(faultLatency, "fault latency");
    if (grpcPort < -1 || grpcPort > 65535) {
      throw new IllegalArgumentException(
          "gRPC port must be 0..65535 (or -1 for none), got " + grpcPort);
    }
    if (grpcPort > 0 && grpcPort == port) {
      throw new IllegalArgumentException("gRPC port and HTTP port must differ, both are " + port);
    }
    Objects.requireNonNull(batching, "batching");
  }

  public static Builder builder(ModelSource models) {
    return new Builder(models);
  }

  /** Whether any fault injection is on. */
  public boolean faultsEnabled() {
    return faultErrorRate > 0 || !faultLatency.isZero();
  }

  static void requireName(String value, String what) {
    if (value == null || !NAME.matcher(value).matches()) {
      throw new IllegalArgumentException(
          what
              + " '"
              + value
              + "' is invalid: use 1-128 letters, digits, '.', '_' or '-', starting with a letter"
              + " or digit");
    }
  }

  private static void requireNonNegative(Duration d, String what) {
    if (d == null || d.isNegative()) {
      throw new IllegalArgumentException(what + " must be zero or positive");
    }
  }

  /** Builder with the documented defaults. */
  public static final class Builder {
    private final ModelSource models;
    private String host = DEFAULT_HOST;
    private int port = DEFAULT_PORT;
    private long maxRequestBytes = DEFAULT_MAX_REQUEST_BYTES;
    private Duration drainDelay = DEFAULT_DRAIN_DELAY;
    private Duration shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;
    private int inferenceThreads = Math.max(2, Runtime.getRuntime().availableProcessors());
    private int maxQueuedRequests = 1024;
    private int eventLoops = 0;
    private int intraOpThreads = 1;
    private int interOpThreads;
    private GraphOptimization graphOptimization = GraphOptimization.ALL;
    private Duration inlineBelow = DEFAULT_INLINE_BELOW;
    private double faultErrorRate;
    private Duration faultLatency = Duration.ZERO;
    private BatchSettings batching = BatchSettings.OFF;
    private int grpcPort = -1;
    private PayloadLogSettings payloadLog;
    private MonitorSettings monitoring;

    private Builder(ModelSource models) {
      this.models = models;
    }

    public Builder host(String v) {
      host = v;
      return this;
    }

    public Builder port(int v) {
      port = v;
      return this;
    }

    public Builder maxRequestBytes(long v) {
      maxRequestBytes = v;
      return this;
    }

    public Builder drainDelay(Duration v) {
      drainDelay = v;
      return this;
    }

    public Builder shutdownTimeout(Duration v) {
      shutdownTimeout = v;
      return this;
    }

    public Builder inferenceThreads(int v) {
      inferenceThreads = v;
      return this;
    }

    public Builder maxQueuedRequests(int v) {
      maxQueuedRequests = v;
      return this;
    }

    public Builder eventLoops(int v) {
      eventLoops = v;
      return this;
    }

    public Builder intraOpThreads(int v) {
      intraOpThreads = v;
      return this;
    }

    public Builder interOpThreads(int v) {
      interOpThreads = v;
      return this;
    }

    public Builder graphOptimization(GraphOptimization v) {
      graphOptimization = v;
      return this;
    }

    public Builder inlineBelow(Duration v) {
      inlineBelow = v;
      return this;
    }

    public Builder faultErrorRate(double v) {
      faultErrorRate = v;
      return this;
    }

    public Builder faultLatency(Duration v) {
      faultLatency = v;
      return this;
    }

    public Builder grpcPort(int v) {
      grpcPort = v;
      return this;
    }

    public Builder payloadLog(PayloadLogSettings v) {
      payloadLog = v;
      return this;
    }

    public Builder monitoring(MonitorSettings v) {
      monitoring = v;
      return this;
    }

    public Builder batching(BatchSettings v) {
      batching = v;
      return this;
    }

    public ServerConfig build() {
      return new ServerConfig(
          models,
          host,
          port,
          maxRequestBytes,
          drainDelay,
          shutdownTimeout,
          eventLoops,
          inferenceThreads,
          maxQueuedRequests,
          intraOpThreads,
          interOpThreads,
          graphOptimization,
          inlineBelow,
          faultErrorRate,
          faultLatency,
          grpcPort,
          payloadLog,
          batching,
          monitoring);
    }
  }
}
