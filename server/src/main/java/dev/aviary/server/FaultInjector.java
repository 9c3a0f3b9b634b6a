package dev.aviary.server;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/** Deliberate failures and latency for demos and tests; off unless configured. */
final class FaultInjector {
  private final double errorRate;
  private final Duration latency;
  private final DoubleSupplier random;

  FaultInjector(double errorRate, Duration latency, DoubleSupplier random) {
    this.errorRate = errorRate;
    this.latency = latency;
    this.random = random;
  }

  Duration latency() {
    return latency;
  }

  boolean shouldFail() {
    return errorRate > 0 && random.getAsDouble() < errorRate;
  }
}
