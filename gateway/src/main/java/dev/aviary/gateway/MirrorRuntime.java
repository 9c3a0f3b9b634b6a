package dev.aviary.gateway;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** A route's shadow traffic: which revision gets copies, and exactly how many. */
final class MirrorRuntime {
  final RevisionRuntime revision;
  final int percent;
  private final Map<String, MirrorStats> statsByPrimary;
  private final AtomicLong requests = new AtomicLong();

  MirrorRuntime(RevisionRuntime revision, int percent, Map<String, MirrorStats> statsByPrimary) {
    this.revision = revision;
    this.percent = percent;
    this.statsByPrimary = Map.copyOf(statsByPrimary);
  }

  /**
   * Whether this request is copied: exactly {@code percent} of every 100 consecutive requests,
   * evenly spread.
   */
  boolean sample() {
    long n = requests.getAndIncrement();
    return (n + 1) * percent / 100 != n * percent / 100;
  }

  MirrorStats stats(RevisionRuntime primary) {
    return statsByPrimary.get(primary.name);
  }
}
