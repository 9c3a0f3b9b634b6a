package dev.aviary.local;

import java.time.Duration;
import java.time.Instant;

/**
 * When a failed replica is started again: after a growing {@link Backoff} delay, flagged as
 * crash-looping from the third restart, with the count forgotten once the replica has been ready
 * for a while. A replica is never given up for good: a model that comes back (a file restored, a
 * dependency up again) serves again without a new apply, at most {@code backoff.max()} later.
 *
 * @param healthyReset how long a replica must have been ready before a crash starts the backoff
 *     over
 */
record RestartPolicy(Backoff backoff, Duration healthyReset) {

  static final RestartPolicy DEFAULT = new RestartPolicy(Backoff.DEFAULT, Duration.ofSeconds(60));

  /** Restarts from which a replica counts as crash-looping. */
  static final int CRASH_LOOP_RESTARTS = 3;

  /**
   * What to do about a replica that failed after {@code restartsSoFar} restarts.
   *
   * @param restarts the replica's restart count including this one
   * @param reason the event reason: {@code CrashLoopBackOff} or {@code ReplicaRestarting}
   */
  record Restart(Duration delay, Instant at, int restarts, boolean crashLooping, String reason) {
    String describe(String replica, String revision, String why) {
      return "replica "
          + replica
          + " of "
          + revision
          + " "
          + why
          + "; restart "
          + restarts
          + " in "
          + delay.toMillis()
          + " ms"
          + (crashLooping ? " (crash-looping)" : "");
    }
  }

  Restart afterFailure(int restartsSoFar, Instant now) {
    Duration delay = backoff.delay(restartsSoFar);
    int restarts = restartsSoFar + 1;
    boolean looping = crashLooping(restarts);
    return new Restart(
        delay,
        now.plus(delay),
        restarts,
        looping,
        looping ? "CrashLoopBackOff" : "ReplicaRestarting");
  }

  /** The restart count to keep: zero once the replica has been ready for {@link #healthyReset}. */
  int restartsAfter(int restarts, Instant readySince, Instant now) {
    if (restarts > 0 && readySince != null && now.isAfter(readySince.plus(healthyReset))) {
      return 0;
    }
    return restarts;
  }

  static boolean crashLooping(int restarts) {
    return restarts >= CRASH_LOOP_RESTARTS;
  }
}
