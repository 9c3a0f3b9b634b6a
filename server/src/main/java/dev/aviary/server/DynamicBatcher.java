package dev.aviary.server;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The request queue of one model version: merges compatible queued requests into one model call as
 * {@link BatchPolicy} decides, and completes each request with its own rows of the outputs.
 */
final class DynamicBatcher {
  /** Runs one (possibly merged) request on the model. */
  interface Runner {
    List<Tensor> run(InferenceRequest request) throws Exception;
  }

  private record Job(
      InferenceRequest request,
      Object key,
      int rows,
      long arrivalNanos,
      CompletableFuture<List<Tensor>> result)
      implements BatchPolicy.Queued {}

  private final String model;
  private final String version;
  private final BatchPolicy policy;
  private final int maxQueueSize;
  private final Runner runner;
  private final Executor executor;
  private final ScheduledExecutorService timers;
  private final ServerMetrics metrics;

  private final ArrayDeque<Job> queue = new ArrayDeque<>();
  private int running;
  private ScheduledFuture<?> timer;
  private long timerAt;

  DynamicBatcher(
      ModelEntry entry,
      BatchSettings settings,
      int slots,
      Runner runner,
      Executor executor,
      ScheduledExecutorService timers,
      ServerMetrics metrics) {
    this.model = entry.name();
    this.version = entry.version();
    this.policy =
        new BatchPolicy(settings.maxBatchSize(), settings.maxBatchDelay().toNanos(), slots);
    this.maxQueueSize = settings.maxQueueSize();
    this.runner = runner;
    this.executor = executor;
    this.timers = timers;
    this.metrics = metrics;
    metrics.batchQueue(model, version, this::queueLength);
  }

  synchronized int queueLength() {
    return queue.size();
  }

  /**
   * Queues a request; the future completes with its outputs once its batch has run.
   *
   * @throws ApiException 503 when the queue is full
   */
  CompletableFuture<List<Tensor>> submit(InferenceRequest request) {
    String key = BatchMerge.key(request);
    // A request that cannot be merged gets a key of its own and the whole batch to itself.
    Job job =
        new Job(
            request,
            key == null ? new Object() : key,
            key == null ? policy.maxBatchSize() : BatchMerge.rows(request),
            System.nanoTime(),
            new CompletableFuture<>());
    synchronized (this) {
      if (queue.size() >= maxQueueSize) {
        throw ApiException.unavailable(
            "model '"
                + model
                + "' version '"
                + version
                + "' is overloaded: its batch queue is full ("
                + maxQueueSize
                + " requests waiting); retry later");
      }
      queue.addLast(job);
    }
    pump();
    return job.result();
  }

  /**
   * Starts every batch the policy allows now on the batch threads, and arms the timer for the next
   * decision. A batch never runs on the submitting thread: that is a network thread, which must go
   * on reading requests (they are what fills the queue while the batch threads are busy).
   */
  private void pump() {
    for (List<Job> batch : decide()) {
      hand(batch);
    }
  }

  /** Takes the batches the policy says to start now off the queue, counting them as running. */
  private List<List<Job>> decide() {
    List<List<Job>> batches = new ArrayList<>(1);
    synchronized (this) {
      while (true) {
        long now = System.nanoTime();
        BatchPolicy.Decision d = policy.next(queue, running, now);
        if (d instanceof BatchPolicy.Decision.Dispatch dispatch) {
          List<Job> batch = new ArrayList<>(dispatch.count());
          for (int i = 0; i < dispatch.count(); i++) {
            Job j = queue.removeFirst();
            metrics.batchQueued(model, version, now - j.arrivalNanos());
            batch.add(j);
          }
          running++;
          batches.add(batch);
        } else {
          if (d instanceof BatchPolicy.Decision.WaitUntil w) {
            arm(w.nanos(), now);
          }
          break;
        }
      }
    }
    return batches;
  }

  private void hand(List<Job> batch) {
    try {
      executor.execute(() -> run(batch));
    } catch (RejectedExecutionException e) {
      batch.forEach(
          j ->
              j.result()
                  .completeExceptionally(
                      ApiException.unavailable("the server is shutting down; retry elsewhere")));
      finished();
      pump();
    }
  }

  private void arm(long at, long now) {
    if (timer != null && !timer.isDone() && timerAt - at <= 0) {
      return;
    }
    if (timer != null) {
      timer.cancel(false);
    }
    timerAt = at;
    try {
      timer = timers.schedule((Runnable) this::pump, Math.max(0, at - now), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      timer = null; // shutting down: the next completion pumps instead
    }
  }

  /**
   * Runs a batch on a batch thread, then whatever the policy starts next: the first of those
   * batches on this thread instead of waking another one for it.
   */
  private void run(List<Job> first) {
    List<Job> batch = first;
    while (batch != null) {
      runBatch(batch);
      finished();
      List<List<Job>> next = decide();
      batch = null;
      for (List<Job> b : next) {
        if (batch == null) {
          batch = b;
        } else {
          hand(b);
        }
      }
    }
  }

  private void runBatch(List<Job> batch) {
    try {
      if (batch.size() == 1) {
        Job j = batch.get(0);
        metrics.batchSize(model, version, j.rows());
        complete(j, () -> runner.run(j.request()));
        return;
      }
      List<InferenceRequest> requests = new ArrayList<>(batch.size());
      int[] rows = new int[batch.size()];
      for (int i = 0; i < rows.length; i++) {
        requests.add(batch.get(i).request());
        rows[i] = batch.get(i).rows();
      }
      List<List<Tensor>> split;
      try {
        split = BatchMerge.split(runner.run(BatchMerge.merge(requests)), rows);
      } catch (Exception e) {
        // The merged call failed or its outputs do not split by row: each request runs alone, so
        // that each gets its own answer or its own error.
        for (Job j : batch) {
          metrics.batchSize(model, version, j.rows());
          complete(j, () -> runner.run(j.request()));
        }
        return;
      }
      metrics.batchSize(model, version, java.util.Arrays.stream(rows).sum());
      for (int i = 0; i < rows.length; i++) {
        batch.get(i).result().complete(split.get(i));
      }
    } catch (Throwable t) {
      batch.forEach(j -> j.result().completeExceptionally(t));
    }
  }

  private interface Call {
    List<Tensor> get() throws Exception;
  }

  private static void complete(Job j, Call call) {
    try {
      j.result().complete(call.get());
    } catch (Throwable t) {
      j.result().completeExceptionally(t);
    }
  }

  private synchronized void finished() {
    running--;
  }
}
