package dev.aviary.gateway;

import io.netty.channel.EventLoop;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The request timeouts of one event loop: a list of exchanges ordered by deadline with one timer,
 * set for the earliest. Almost every request is added at the end (the same timeout for all) and
 * removed when answered, in constant time and without allocating, which a timer per request would
 * not do.
 */
final class Deadlines {
  /** An entry of the list (an exchange links itself in). */
  abstract static class Entry {
    private Entry prev;
    private Entry next;
    private long deadline;
    private boolean linked;

    /** The deadline passed; the entry is already unlinked. */
    abstract void expired();
  }

  private final EventLoop loop;
  private Entry head;
  private Entry tail;
  private ScheduledFuture<?> timer;
  private long timerDeadline;

  Deadlines(EventLoop loop) {
    this.loop = loop;
  }

  void add(Entry e, long deadline) {
    e.deadline = deadline;
    e.linked = true;
    Entry after = tail;
    while (after != null && after.deadline - deadline > 0) {
      after = after.prev; // only after a change to a shorter timeout
    }
    e.prev = after;
    e.next = after == null ? head : after.next;
    if (e.next == null) {
      tail = e;
    } else {
      e.next.prev = e;
    }
    if (after == null) {
      head = e;
    } else {
      after.next = e;
    }
    if (timer == null || deadline - timerDeadline < 0) {
      arm(deadline);
    }
  }

  void remove(Entry e) {
    if (!e.linked) {
      return;
    }
    e.linked = false;
    if (e.prev == null) {
      head = e.next;
    } else {
      e.prev.next = e.next;
    }
    if (e.next == null) {
      tail = e.prev;
    } else {
      e.next.prev = e.prev;
    }
    e.prev = null;
    e.next = null;
    // The timer stays: when it fires it finds nothing due and moves to the new earliest deadline.
  }

  /** Expires the entry with the earliest deadline now; false when there is none. */
  boolean expireFirst() {
    Entry e = head;
    if (e == null) {
      return false;
    }
    remove(e);
    e.expired();
    return true;
  }

  private void arm(long deadline) {
    if (timer != null) {
      timer.cancel(false);
    }
    timerDeadline = deadline;
    timer =
        loop.schedule(this::fire, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
  }

  private void fire() {
    timer = null;
    long now = System.nanoTime();
    while (head != null && head.deadline - now <= 0) {
      Entry e = head;
      remove(e);
      e.expired();
    }
    if (head != null && timer == null) {
      arm(head.deadline);
    }
  }
}
