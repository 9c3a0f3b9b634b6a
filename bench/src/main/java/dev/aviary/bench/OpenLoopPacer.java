package dev.aviary.bench;

/**
 * The schedule of an open-loop load test, as pure logic with the time passed in: request {@code i}
 * is due at {@code start + i / rate} whatever happened to the ones before it, so a slow server
 * cannot slow the offered load (no coordinated omission). At most {@code maxOutstanding} requests
 * are in flight; a request due while that many are outstanding waits for a slot and goes late, and
 * its latency still counts from its intended time. Nothing is sent once the end has passed with
 * every slot taken: those requests are counted as not sent.
 *
 * <p>Requests due before {@code windowStart} are the warm-up; the counts ({@link #scheduled},
 * {@link #sent}, {@link #late}, {@link #unsent}, {@link #maxLagNanos}) are about the measured
 * window only. Not thread-safe: the caller serialises calls.
 */
final class OpenLoopPacer {

  private final double rate;
  private final long start;
  private final long windowStart;
  private final long end;
  private final int maxOutstanding;
  private final long lateAfterNanos;
  private final long total;
  private final long firstMeasured;

  private long next;
  private int outstanding;
  private long sent;
  private long late;
  private long maxLag;

  /**
   * @param rate requests per second
   * @param start when the first request is due ({@link System#nanoTime()} scale)
   * @param windowStart requests due from here on are measured; may be before {@code start} (a lane
   *     of a schedule offset into a window without warm-up)
   * @param end no request is due at or after this
   * @param lateAfterNanos a request sent more than this after its intended time counts as late
   */
  OpenLoopPacer(
      double rate,
      long start,
      long windowStart,
      long end,
      int maxOutstanding,
      long lateAfterNanos) {
    if (!(rate > 0) || Double.isInfinite(rate)) {
      throw new IllegalArgumentException("rate must be > 0 requests/s, was " + rate);
    }
    if (end - windowStart <= 0 || end - start <= 0) {
      throw new IllegalArgumentException("need start < end and windowStart < end");
    }
    if (maxOutstanding < 1) {
      throw new IllegalArgumentException("max outstanding must be >= 1, was " + maxOutstanding);
    }
    this.rate = rate;
    this.start = start;
    this.windowStart = windowStart;
    this.end = end;
    this.maxOutstanding = maxOutstanding;
    this.lateAfterNanos = lateAfterNanos;
    this.total = firstIndexAtOrAfter(end);
    this.firstMeasured = firstIndexAtOrAfter(windowStart);
  }

  /** The time request {@code i} is due. Computed from the start each time, so it never drifts. */
  long intendedAt(long i) {
    return start + (long) Math.floor(i * 1e9 / rate);
  }

  /** Whether request {@code i} belongs to the measured window (is not warm-up). */
  boolean measured(long i) {
    return i >= firstMeasured;
  }

  /**
   * Takes the requests to send now: every request due by {@code now} not sent yet, as far as free
   * slots allow, oldest first. They are the indices {@code [first, first + count)} of the result.
   */
  Batch poll(long now) {
    long first = next;
    while (next < total && intendedAt(next) - now <= 0 && outstanding < maxOutstanding) {
      long lag = now - intendedAt(next);
      if (measured(next)) {
        sent++;
        if (lag > lateAfterNanos) {
          late++;
        }
        maxLag = Math.max(maxLag, lag);
      }
      outstanding++;
      next++;
    }
    return new Batch(first, (int) (next - first));
  }

  /** A request sent by {@link #poll} has completed, with a response or an error. */
  void completed() {
    if (outstanding == 0) {
      throw new IllegalStateException("completed() without an outstanding request");
    }
    outstanding--;
  }

  /**
   * When to call {@link #poll} next: the time the next request is due, or {@link Long#MAX_VALUE}
   * when every slot is taken (poll again after a completion).
   */
  long nextPollAt() {
    if (next >= total) {
      return Long.MAX_VALUE;
    }
    return outstanding >= maxOutstanding ? Long.MAX_VALUE : intendedAt(next);
  }

  /**
   * Whether sending is over at {@code now}: every request was sent, or the end has passed while
   * every slot is still taken (the rest are abandoned and count as {@link #unsent}).
   */
  boolean finished(long now) {
    return next >= total || (now - end >= 0 && outstanding >= maxOutstanding);
  }

  int outstanding() {
    return outstanding;
  }

  /** Requests due in the measured window. */
  long scheduled() {
    return total - firstMeasured;
  }

  /** Measured requests sent so far. */
  long sent() {
    return sent;
  }

  /** Measured requests sent more than {@code lateAfterNanos} after their intended time. */
  long late() {
    return late;
  }

  /** Measured requests not sent (yet, or at all once {@link #finished}). */
  long unsent() {
    return scheduled() - sent;
  }

  /** The longest a measured request was sent after its intended time. */
  long maxLagNanos() {
    return maxLag;
  }

  private long firstIndexAtOrAfter(long t) {
    // Estimate, then correct for rounding so that intendedAt() decides.
    long i = Math.max(0, (long) Math.ceil((t - start) * rate / 1e9) - 1);
    while (intendedAt(i) - t < 0) {
      i++;
    }
    while (i > 0 && intendedAt(i - 1) - t >= 0) {
      i--;
    }
    return i;
  }

  /** Requests {@code [first, first + count)} to send now. */
  record Batch(long first, int count) {}
}
