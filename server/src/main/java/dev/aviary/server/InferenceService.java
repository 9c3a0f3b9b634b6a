package dev.aviary.server;

import ai.onnxruntime.OrtException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Decodes a request body, runs the model (directly, or through the model's {@link DynamicBatcher}
 * when batching is on) and encodes the reply. Without batching, {@link #infer} and {@link #predict}
 * block while the model runs: call them on inference worker threads. With batching they only decode
 * and queue the request, and the model's batch threads run it and encode the reply.
 */
final class InferenceService implements AutoCloseable {
  private final ServerMetrics metrics;
  private final Function<ModelEntry, BatchSettings> batching;
  private final int slots;
  private final Map<ModelEntry, DynamicBatcher> batchers = new ConcurrentHashMap<>();
  private ExecutorService batchThreads;
  private ScheduledExecutorService timers;
  private volatile LiveMonitor monitor;

  InferenceService(ServerMetrics metrics) {
    this(metrics, e -> BatchSettings.OFF, 1);
  }

  /**
   * @param batching the batching settings of each model version
   * @param slots batches of one model that may run at once (the inference threads)
   */
  InferenceService(ServerMetrics metrics, Function<ModelEntry, BatchSettings> batching, int slots) {
    this.metrics = metrics;
    this.batching = batching;
    this.slots = slots;
  }

  /** Whether requests to this model version go through its batch queue. */
  boolean batches(ModelEntry entry) {
    return batchers.containsKey(entry) || batching.apply(entry).enabled();
  }

  /** {@code POST /v2/models/{m}/infer}; client errors are thrown as {@link ApiException}. */
  CompletionStage<byte[]> infer(ModelEntry entry, LoadedModel model, byte[] body)
      throws OrtException {
    InferenceRequest request = RequestDecoder.decodeInfer(body, model.signature());
    return run(entry, model, request)
        .thenApply(
            outputs -> ResponseEncoder.infer(entry.name(), entry.version(), request.id(), outputs));
  }

  /** {@code POST /v1/models/{m}:predict}. */
  CompletionStage<byte[]> predict(ModelEntry entry, LoadedModel model, byte[] body)
      throws OrtException {
    InferenceRequest request = RequestDecoder.decodePredict(body, model.signature(), entry.name());
    int rows = (int) request.inputs().get(0).shape()[0];
    return run(entry, model, request).thenApply(outputs -> ResponseEncoder.predict(rows, outputs));
  }

  /** Runs a decoded request; blocks unless the model batches. */
  CompletionStage<List<Tensor>> run(ModelEntry entry, LoadedModel model, InferenceRequest request)
      throws OrtException {
    DynamicBatcher batcher = batcher(entry, model);
    if (batcher == null) {
      List<Tensor> outputs = runOne(model, request);
      metrics.predictions(entry.name(), entry.version(), outputs);
      observe(entry, request, outputs);
      return CompletableFuture.completedFuture(outputs);
    }
    return batcher
        .submit(request)
        .thenApply(
            outputs -> {
              metrics.predictions(entry.name(), entry.version(), outputs);
              observe(entry, request, outputs);
              return outputs;
            });
  }

  /** The live monitor, or null when monitoring is off. */
  LiveMonitor monitor() {
    return monitor;
  }

  /** Turns live monitoring on: every answered request is offered to it. */
  void monitor(LiveMonitor m) {
    this.monitor = m;
  }

  private void observe(ModelEntry entry, InferenceRequest request, List<Tensor> outputs) {
    LiveMonitor m = monitor;
    if (m != null) {
      m.observe(entry, request, outputs);
    }
  }

  private DynamicBatcher batcher(ModelEntry entry, LoadedModel model) {
    DynamicBatcher b = batchers.get(entry);
    if (b != null) {
      return b;
    }
    BatchSettings settings = batching.apply(entry);
    if (!settings.enabled()) {
      return null;
    }
    synchronized (this) {
      if (batchThreads == null) {
        batchThreads = Executors.newFixedThreadPool(slots, daemonThreads("aviary-batch-"));
        timers = Executors.newSingleThreadScheduledExecutor(daemonThreads("aviary-batch-timer-"));
      }
      return batchers.computeIfAbsent(
          entry,
          e ->
              new DynamicBatcher(
                  e, settings, slots, r -> runOne(model, r), batchThreads, timers, metrics));
    }
  }

  private static List<Tensor> runOne(LoadedModel model, InferenceRequest request)
      throws OrtException {
    try {
      return model.run(request);
    } catch (OrtException e) {
      if (e.getCode() == OrtException.OrtErrorCode.ORT_INVALID_ARGUMENT) {
        throw ApiException.badRequest("the model rejected the input: " + e.getMessage());
      }
      throw e;
    }
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** Stops the batch threads; call once no request is in flight. */
  @Override
  public synchronized void close() {
    if (monitor != null) {
      monitor.close();
    }
    if (batchThreads != null) {
      timers.shutdownNow();
      batchThreads.shutdown();
      try {
        batchThreads.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
