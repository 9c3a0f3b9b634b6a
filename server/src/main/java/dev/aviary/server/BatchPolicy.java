package dev.aviary.server;

import java.util.Collection;

/**
 * When to run the next batch, as a pure function of the queue, the batches already running and the
 * time. A batch is the longest run of compatible requests at the head of the queue (first in, first
 * out) whose rows fit in {@code maxBatchSize}; a request larger than that goes alone.
 *
 * <p>A lone request never waits: when nothing is running, whatever is queued goes at once. While
 * other batches run and a slot is free, a batch that could still grow waits for more requests until
 * its oldest request has waited {@code maxDelayNanos}. With a delay of zero, batches only form from
 * requests that queued up while every slot was busy.
 *
 * @param maxBatchSize rows per model call
 * @param maxDelayNanos longest a request waits for others to join its batch
 * @param slots batches of this model that may run at once
 */
record BatchPolicy(int maxBatchSize, long maxDelayNanos, int slots) {

  BatchPolicy {
    if (maxBatchSize < 1) {
      throw new IllegalArgumentException("max batch size must be at least 1, got " + maxBatchSize);
    }
    if (maxDelayNanos < 0) {
      throw new IllegalArgumentException("max batch delay must be zero or positive");
    }
    if (slots < 1) {
      throw new IllegalArgumentException("batch slots must be at least 1, got " + slots);
    }
  }

  /** What the policy sees of one queued request. */
  interface Queued {
    /** Requests with equal keys can share a model call. */
    Object key();

    int rows();

    long arrivalNanos();
  }

  /** The policy's answer. */
  sealed interface Decision {
    /** Run the first {@code count} queued requests as one batch now. */
    record Dispatch(int count) implements Decision {}

    /** Ask again at {@code nanos} (or earlier, when something changes). */
    record WaitUntil(long nanos) implements Decision {}

    /** Nothing to do until a request arrives or a batch finishes. */
    record Idle() implements Decision {}
  }

  private static final Decision IDLE = new Decision.Idle();

  Decision next(Collection<? extends Queued> queue, int running, long nowNanos) {
    if (queue.isEmpty() || running >= slots) {
      return IDLE;
    }
    int count = 0;
    int rows = 0;
    Object key = null;
    long oldest = 0;
    boolean closed = false;
    for (Queued q : queue) {
      if (count == 0) {
        key = q.key();
        oldest = q.arrivalNanos();
      } else if (!key.equals(q.key()) || rows + q.rows() > maxBatchSize) {
        closed = true;
        break;
      }
      count++;
      rows += q.rows();
      if (rows >= maxBatchSize) {
        closed = true;
        break;
      }
    }
    if (closed || running == 0) {
      return new Decision.Dispatch(count);
    }
    long deadline = oldest + maxDelayNanos;
    if (nowNanos - deadline >= 0) {
      return new Decision.Dispatch(count);
    }
    return new Decision.WaitUntil(deadline);
  }
}
