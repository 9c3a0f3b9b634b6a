package dev.aviary.analysis;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The scrapes taken of each replica, so that what a replica counted during a window is its counters
 * now minus the latest scrape at least a window old (while it has not been watched that long:
 * everything it counted since it started). Time is passed in.
 */
final class WindowedScrapes {
  private record Timed(Instant at, ServerScrape scrape) {}

  private final Map<String, Deque<Timed>> history = new ConcurrentHashMap<>();
  private final AtomicReference<Duration> longestWindow = new AtomicReference<>(Duration.ZERO);

  /** Records {@code current} of replica {@code id} and returns what it counted in the window. */
  ServerScrape during(String id, ServerScrape current, Duration window, Instant now) {
    Deque<Timed> h = history.computeIfAbsent(id, k -> new ArrayDeque<>());
    Instant keepFrom = now.minus(longestWindow.accumulateAndGet(window, WindowedScrapes::max));
    ServerScrape base;
    synchronized (h) {
      base = baseline(h, now.minus(window));
      h.addLast(new Timed(now, current));
      dropOlderThanNeeded(h, keepFrom);
    }
    return current.minus(base);
  }

  /** Forgets the replicas gone (or not measured) for twice the longest window. */
  void forgetStale(Instant now) {
    Instant cutoff = now.minus(longestWindow.get().multipliedBy(2));
    history
        .values()
        .removeIf(
            d -> {
              synchronized (d) {
                return d.isEmpty() || d.peekLast().at().isBefore(cutoff);
              }
            });
  }

  int replicasKnown() {
    return history.size();
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  /**
   * The latest scrape taken at least a window ago; null (count everything since the replica
   * started) while there is none. Never a younger one: a scrape taken moments ago by another query
   * of the same round would make the window look empty.
   */
  private static ServerScrape baseline(Deque<Timed> h, Instant windowStart) {
    Timed best = null;
    for (Timed t : h) {
      if (!t.at().isAfter(windowStart)) {
        best = t;
      }
    }
    return best == null ? null : best.scrape();
  }

  /**
   * Drops the oldest scrapes while the next one is already at least the longest window old, so the
   * baseline of every query (the latest scrape at least its window old) stays.
   */
  private static void dropOlderThanNeeded(Deque<Timed> h, Instant keepFrom) {
    while (h.size() > 1) {
      Iterator<Timed> it = h.iterator();
      it.next();
      if (it.next().at().isAfter(keepFrom)) {
        return;
      }
      h.removeFirst();
    }
  }
}
