package dev.aviary.gateway;

import dev.aviary.gateway.GatewayConfig.Outlier;

/**
 * Passive outlier detection for one endpoint: after {@code consecutiveFailures} failures in a row
 * the endpoint is ejected for {@code baseEjection * 2^(ejections so far)}, capped at {@code
 * maxEjection}. The multiplier resets once the endpoint has served without ejection for {@code
 * maxEjection}. Time is passed in (nanoseconds from any fixed origin). Thread-safe.
 */
final class OutlierDetector {
  private volatile int consecutiveFailures;
  private int ejections;
  private volatile long ejectedUntil;
  private long lastEjectionEnd;
  private volatile boolean everEjected;

  /** Records a success; returns nothing because a success never ejects. */
  void success(long now, Outlier settings) {
    // The common case (no failure streak, never ejected) has nothing to reset: skip the lock.
    if (consecutiveFailures == 0 && !everEjected) {
      return;
    }
    resetAfterSuccess(now, settings);
  }

  private synchronized void resetAfterSuccess(long now, Outlier settings) {
    consecutiveFailures = 0;
    if (everEjected
        && !isEjected(now)
        && now - lastEjectionEnd > settings.maxEjectionMs() * 1_000_000L) {
      ejections = 0;
    }
  }

  /**
   * Records a failure. Returns true when this failure ejects the endpoint; {@code mayEject} says
   * whether the revision can afford one more ejected endpoint.
   */
  synchronized boolean failure(long now, Outlier settings, boolean mayEject) {
    if (settings.consecutiveFailures() == 0 || isEjected(now)) {
      return false;
    }
    consecutiveFailures++;
    if (consecutiveFailures < settings.consecutiveFailures() || !mayEject) {
      return false;
    }
    long duration =
        Math.min(
            (long) settings.maxEjectionMs(),
            (long) settings.baseEjectionMs() << Math.min(ejections, 20));
    ejectedUntil = now + duration * 1_000_000L;
    lastEjectionEnd = ejectedUntil;
    everEjected = true;
    ejections++;
    consecutiveFailures = 0;
    return true;
  }

  boolean isEjected(long now) {
    return everEjected && now - ejectedUntil < 0;
  }

  synchronized int ejections() {
    return ejections;
  }
}
