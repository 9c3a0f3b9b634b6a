package dev.aviary.gateway;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** State shared by every event loop of one gateway: the current table, endpoints and meters. */
final class GatewayCore {
  final Metrics metrics;
  final ConcurrentMap<String, EndpointState> endpoints = new ConcurrentHashMap<>();
  private final AtomicReference<RoutingTable> table = new AtomicReference<>();
  final AtomicInteger active = new AtomicInteger();
  final AtomicInteger activeRetries = new AtomicInteger();
  final AtomicInteger mirrorsInFlight = new AtomicInteger();

  GatewayCore(GatewayConfig config, Metrics metrics) {
    this.metrics = metrics;
    apply(config);
  }

  RoutingTable table() {
    return table.get();
  }

  /** Compiles and swaps in a new table; requests already routed keep the old one. */
  synchronized void apply(GatewayConfig config) {
    table.set(RoutingTable.compile(config, endpoints, metrics));
    metrics.retain(config);
  }

  /**
   * Takes a slot of the retry budget: allowed while retries in flight stay within the configured
   * share of requests in flight (or under the configured minimum).
   */
  boolean acquireRetry(GatewayConfig.Retry settings) {
    int allowed =
        Math.max(settings.minConcurrentRetries(), active.get() * settings.budgetPercent() / 100);
    if (activeRetries.incrementAndGet() > allowed) {
      activeRetries.decrementAndGet();
      return false;
    }
    return true;
  }

  void releaseRetry() {
    activeRetries.decrementAndGet();
  }
}
