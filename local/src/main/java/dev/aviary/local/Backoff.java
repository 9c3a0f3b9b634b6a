package dev.aviary.local;

import java.time.Duration;

/** Restart delays: 1 s, 2 s, 4 s, ... at most {@code max}. */
record Backoff(Duration base, Duration max) {

  static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60));

  /** Delay before restart number {@code restarts + 1} (restarts counted since the last reset). */
  Duration delay(int restarts) {
    long factor = 1L << Math.min(Math.max(restarts, 0), 20);
    Duration d = base.multipliedBy(factor);
    return d.compareTo(max) > 0 ? max : d;
  }
}
