package dev.aviary.server;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Decides where an inference runs: on the network thread (event loop) that received the request, or
 * on an inference thread. Handing a request to another thread and its answer back costs two thread
 * wake-ups, tens of microseconds each, more than a small tabular model needs for the whole call; a
 * slow model, though, must not hold up the other connections of its event loop.
 */
final class InferenceDispatch {
  /** Bodies larger than this are decoded off the event loop whatever the model. */
  static final long MAX_INLINE_BODY_BYTES = 64 * 1024;

  private final WorkerExecutor workers;
  private final long inlineBelowNanos;

  /**
   * @param inlineBelowNanos models whose recent calls took at most this long run inline; 0 never
   */
  InferenceDispatch(WorkerExecutor workers, long inlineBelowNanos) {
    this.workers = workers;
    this.inlineBelowNanos = inlineBelowNanos;
  }

  /**
   * Whether a request's work starts on the thread that received it. For a model that batches, that
   * work is only decoding the request and queueing it (its batch threads run the model), so small
   * bodies always start inline: decoding them on the inference threads instead would let no more
   * requests reach the queue than there are batch slots, and batches would never form.
   *
   * @param batched whether the model's requests go through its batch queue
   * @param averageRunNanos the model's recent average call time, negative if unknown
   */
  static boolean runsInline(
      boolean batched, long averageRunNanos, long bodyBytes, long inlineBelowNanos) {
    if (bodyBytes > MAX_INLINE_BODY_BYTES) {
      return false;
    }
    return batched
        || (inlineBelowNanos > 0 && averageRunNanos >= 0 && averageRunNanos <= inlineBelowNanos);
  }

  /**
   * Runs {@code work} inline or on an inference thread; call on an event loop. The future completes
   * on that event loop once the stage {@code work} returned has completed.
   *
   * @param batched whether {@code work} queues the request for the model's batch threads
   */
  <T> Future<T> run(
      LoadedModel model, boolean batched, long bodyBytes, Callable<CompletionStage<T>> work) {
    Context context = Vertx.currentContext();
    Future<CompletionStage<T>> started;
    if (runsInline(batched, model.averageRunNanos(), bodyBytes, inlineBelowNanos)) {
      try {
        started = Future.succeededFuture(work.call());
      } catch (Throwable t) {
        started = Future.failedFuture(t);
      }
    } else {
      started = workers.executeBlocking(work, false);
    }
    return started.compose(stage -> onContext(stage, context));
  }

  private static <T> Future<T> onContext(CompletionStage<T> stage, Context context) {
    if (stage instanceof CompletableFuture<T> f && f.isDone()) {
      // Already done (no batching, or a batch run by this thread): no hop through the task queue.
      try {
        return Future.succeededFuture(f.join());
      } catch (CompletionException e) {
        return Future.failedFuture(e.getCause() == null ? e : e.getCause());
      } catch (RuntimeException e) {
        return Future.failedFuture(e);
      }
    }
    return Future.fromCompletionStage(stage, context);
  }
}
