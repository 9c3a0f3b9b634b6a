package dev.aviary.server;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtLoggingLevel;
import dev.aviary.durations.Durations;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServerOptions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The model server, embeddable in a process: {@link #start} binds the port and loads the models in
 * the background (readiness turns true once every model is loaded and warmed up); {@link
 * #drainAndStop} shuts down the way a load balancer needs it.
 */
public final class ModelServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ModelServer.class);

  private final ServerConfig config;
  private final ServerState state;
  private final ServerMetrics metrics;
  private final Vertx vertx;
  private final WorkerExecutor workers;
  private final HttpServers http;
  private final HttpFront front;
  private final HttpServers grpc;
  private final GrpcFront grpcFront;
  private final InferenceService inference;
  private final PayloadLogger payloads;
  private final ExecutorService loader;
  private final AtomicBoolean stopping;
  private final CompletableFuture<Boolean> stopped = new CompletableFuture<>();

  private ModelServer(
      ServerConfig config,
      ServerState state,
      ServerMetrics metrics,
      Vertx vertx,
      WorkerExecutor workers,
      HttpServers http,
      HttpFront front,
      HttpServers grpc,
      GrpcFront grpcFront,
      InferenceService inference,
      PayloadLogger payloads,
      ExecutorService loader,
      AtomicBoolean stopping) {
    this.config = config;
    this.state = state;
    this.metrics = metrics;
    this.vertx = vertx;
    this.workers = workers;
    this.http = http;
    this.front = front;
    this.grpc = grpc;
    this.grpcFront = grpcFront;
    this.inference = inference;
    this.payloads = payloads;
    this.loader = loader;
    this.stopping = stopping;
  }

  /**
   * Starts loading the models and binds the HTTP port. Returns once the port accepts connections; a
   * model that fails to load leaves the server up and not ready.
   *
   * @throws IllegalStateException if the port cannot be bound
   */
  public static ModelServer start(ServerConfig config) {
    // A bad config.yaml stops the start with a message naming the file and the key.
    Map<String, BatchSettings> perModel = BatchConfigFiles.read(config.models(), config.batching());
    ModelRegistry registry = ModelRegistry.discover(config.models());
    ServerState state = new ServerState(registry);
    ServerMetrics metrics = new ServerMetrics(state::ready, state::draining);
    registry.entries().forEach(metrics::registerModel);
    registry.problems().forEach(p -> LOG.error("model repository problem: {}", p));
    // The models load (and ONNX Runtime starts) on their own thread while the metrics, the event
    // loops and the ports are set up: the two take a similar time, and a busy machine also gives
    // two runnable threads more CPU time than one.
    AtomicBoolean stopping = new AtomicBoolean();
    ExecutorService loader =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "aviary-model-loader");
              t.setDaemon(true);
              return t;
            });
    loader.execute(() -> loadModels(config, state, stopping));
    if (config.faultsEnabled()) {
      LOG.warn(
          "FAULT INJECTION IS ON: {} of infer requests will fail with 500 and {} is added to each;"
              + " never use this in production",
          config.faultErrorRate(),
          Durations.format(config.faultLatency()));
    }
    int loops = config.eventLoops() == 0 ? HttpServers.defaultLoops() : config.eventLoops();
    Vertx vertx =
        Vertx.vertx(
            new VertxOptions()
                .setPreferNativeTransport(true)
                .setWorkerPoolSize(4)
                .setEventLoopPoolSize(Math.max(loops, VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE)));
    WorkerExecutor workers =
        vertx.createSharedWorkerExecutor(
            "aviary-inference", config.inferenceThreads(), 10, TimeUnit.MINUTES);
    FaultInjector faults =
        new FaultInjector(
            config.faultErrorRate(),
            config.faultLatency(),
            () -> ThreadLocalRandom.current().nextDouble());
    InferenceService inference =
        new InferenceService(
            metrics,
            e -> perModel.getOrDefault(e.name(), config.batching()),
            config.inferenceThreads());
    if (config.monitoring() != null) {
      LiveMonitor monitor =
          new LiveMonitor(config.monitoring(), metrics, java.time.Clock.systemUTC());
      // every version's series exist (NaN) from the start, before its first request
      registry.entries().forEach(monitor::version);
      inference.monitor(monitor);
    }
    PayloadLogger payloads =
        config.payloadLog() == null
            ? null
            : new PayloadLogger(
                config.payloadLog(),
                () -> ThreadLocalRandom.current().nextDouble(),
                metrics,
                "/aviary/server");
    InferenceDispatch dispatch = new InferenceDispatch(workers, config.inlineBelow().toNanos());
    HttpFront front =
        new HttpFront(vertx, config, state, metrics, inference, faults, dispatch, payloads);
    HttpServers http;
    try {
      http =
          HttpServers.listen(
              vertx,
              loops,
              new HttpServerOptions()
                  .setHost(config.host())
                  .setPort(config.port())
                  .setIdleTimeout(120)
                  .setIdleTimeoutUnit(TimeUnit.SECONDS)
                  .setCompressionSupported(true),
              front);
    } catch (Exception e) {
      stopLoading(stopping, loader, state);
      vertx.close();
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new IllegalStateException(
          "cannot listen on " + config.host() + ":" + config.port() + ": " + cause.getMessage(),
          cause);
    }
    LOG.info(
        "listening on {}:{} ({})",
        config.host(),
        http.actualPort(),
        vertx.isNativeTransportEnabled()
            ? "native epoll transport"
            : "Java NIO transport; native epoll unavailable: "
                + vertx.unavailableNativeTransportCause());
    GrpcFront grpcFront =
        new GrpcFront(vertx, config, state, metrics, inference, dispatch, payloads);
    HttpServers grpc = null;
    if (config.grpcPort() >= 0) {
      try {
        grpc =
            HttpServers.listen(
                vertx,
                loops,
                new HttpServerOptions()
                    .setHost(config.host())
                    .setPort(config.grpcPort())
                    .setIdleTimeout(120)
                    .setIdleTimeoutUnit(TimeUnit.SECONDS),
                grpcFront.server());
      } catch (Exception e) {
        stopLoading(stopping, loader, state);
        vertx.close();
        Throwable cause = e.getCause() == null ? e : e.getCause();
        throw new IllegalStateException(
            "cannot listen for gRPC on "
                + config.host()
                + ":"
                + config.grpcPort()
                + ": "
                + cause.getMessage(),
            cause);
      }
      LOG.info(
          "gRPC (Open Inference Protocol) listening on {}:{}", config.host(), grpc.actualPort());
    }
    state.markStarted();
    return new ModelServer(
        config, state, metrics, vertx, workers, http, front, grpc, grpcFront, inference, payloads,
        loader, stopping);
  }

  /** A start that failed after the models began to load: stop that and release what loaded. */
  private static void stopLoading(
      AtomicBoolean stopping, ExecutorService loader, ServerState state) {
    stopping.set(true);
    loader.shutdownNow();
    try {
      loader.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (ModelEntry e : state.registry().entries()) {
      if (e.state() instanceof ModelEntry.State.Ready r) {
        r.model().close();
      }
    }
  }

  private static void loadModels(ServerConfig config, ServerState state, AtomicBoolean stopping) {
    ModelLoader modelLoader =
        new ModelLoader(
            // ONNX Runtime logs to stderr in its own (colored, non-JSON) format, which would break
            // the one-JSON-object-per-line log; its errors reach our log through the exceptions.
            OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL, "aviary"),
            config.intraOpThreads(),
            config.interOpThreads(),
            config.graphOptimization());
    for (ModelEntry e : state.registry().entries()) {
      if (stopping.get()) {
        return;
      }
      MDC.put("model.name", e.name());
      MDC.put("model.version", e.version());
      try {
        long t0 = System.nanoTime();
        LoadedModel model = modelLoader.load(e.file());
        long t1 = System.nanoTime();
        try {
          modelLoader.warmUp(model);
        } catch (ModelLoader.LoadException ex) {
          model.close();
          throw ex;
        }
        long t2 = System.nanoTime();
        e.state(new ModelEntry.State.Ready(model, (t1 - t0) / 1e9, (t2 - t1) / 1e9));
        state.changed();
        LOG.info(
            "model {} version {} loaded in {} s and warmed up in {} s from {}",
            e.name(),
            e.version(),
            String.format("%.3f", (t1 - t0) / 1e9),
            String.format("%.3f", (t2 - t1) / 1e9),
            e.file());
      } catch (ModelLoader.LoadException ex) {
        e.state(new ModelEntry.State.Failed(ex.getMessage()));
        state.changed();
        LOG.error("model {} version {} failed: {}", e.name(), e.version(), ex.getMessage());
      } catch (RuntimeException | LinkageError ex) {
        e.state(new ModelEntry.State.Failed(ex.toString()));
        state.changed();
        LOG.error("model {} version {} failed", e.name(), e.version(), ex);
      } finally {
        MDC.clear();
      }
    }
    if (state.registry().allReady()) {
      LOG.info(
          "ready: {} model version(s) loaded and warmed up", state.registry().entries().size());
    } else {
      LOG.error("not ready: some models failed to load; see /readyz");
    }
  }

  /** The port actually bound (useful with port 0). */
  public int port() {
    return http.actualPort();
  }

  /** The gRPC port actually bound, or -1 when gRPC is off. */
  public int grpcPort() {
    return grpc == null ? -1 : grpc.actualPort();
  }

  /** Whether every model is loaded and warmed up and the server is not draining. */
  public boolean isReady() {
    return state.ready();
  }

  /** Whether shutdown has begun. */
  public boolean isDraining() {
    return state.draining();
  }

  /**
   * Graceful shutdown: readiness turns false at once, requests are served for the drain delay, then
   * the port closes, in-flight requests finish and resources are released, all within the shutdown
   * timeout. Blocks until done; a second call waits for the first and returns its result.
   *
   * @return true if every in-flight request finished in time
   */
  public boolean drainAndStop() {
    return stop(config.drainDelay());
  }

  /** Stops without the drain delay (in-flight requests still finish within the timeout). */
  @Override
  public void close() {
    stop(Duration.ZERO);
  }

  private boolean stop(Duration drainDelay) {
    if (!stopping.compareAndSet(false, true)) {
      return stopped.join();
    }
    try {
      boolean clean = stopNow(drainDelay);
      stopped.complete(clean);
      return clean;
    } catch (RuntimeException | Error e) {
      stopped.completeExceptionally(e);
      throw e;
    }
  }

  private boolean stopNow(Duration drainDelay) {
    long deadline = System.nanoTime() + config.shutdownTimeout().toNanos();
    state.startDraining();
    LOG.info(
        "draining: readiness is now false; still serving for {} before closing the port",
        Durations.format(drainDelay));
    sleep(drainDelay.toMillis());
    long remainingMs = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
    grpcFront.closeWatches();
    io.vertx.core.Future<Void> grpcDown =
        grpc == null
            ? io.vertx.core.Future.succeededFuture()
            : grpc.shutdown(remainingMs, TimeUnit.MILLISECONDS);
    try {
      http.shutdown(remainingMs, TimeUnit.MILLISECONDS)
          .toCompletionStage()
          .toCompletableFuture()
          .get(remainingMs + 1000, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      LOG.warn("HTTP server did not shut down cleanly: {}", e.toString());
    }
    try {
      grpcDown
          .toCompletionStage()
          .toCompletableFuture()
          .get(remainingMs + 1000, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      LOG.warn("gRPC server did not shut down cleanly: {}", e.toString());
    }
    while (front.pending() + grpcFront.pending() > 0 && System.nanoTime() < deadline) {
      sleep(10);
    }
    int abandoned = front.pending() + grpcFront.pending();
    boolean clean = abandoned == 0;
    loader.shutdownNow();
    try {
      loader.awaitTermination(
          Math.max(0, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    workers.close();
    inference.close();
    if (payloads != null) {
      payloads.close(Duration.ofSeconds(2));
    }
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("event loop did not close cleanly: {}", e.toString());
    }
    if (clean) {
      for (ModelEntry e : state.registry().entries()) {
        if (e.state() instanceof ModelEntry.State.Ready r) {
          r.model().close();
        }
      }
      LOG.info("stopped: all in-flight requests finished");
    } else {
      LOG.error(
          "stopped with {} inference request(s) unfinished after the shutdown timeout", abandoned);
    }
    metrics.close();
    return clean;
  }

  private static void sleep(long ms) {
    if (ms <= 0) {
      return;
    }
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
