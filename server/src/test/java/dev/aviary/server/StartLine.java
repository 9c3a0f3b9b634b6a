package dev.aviary.server;

import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

/** Lets concurrent test clients, once connected, send their first requests at the same moment. */
final class StartLine {
  private final CyclicBarrier barrier;

  StartLine(int clients) {
    this.barrier = new CyclicBarrier(clients);
  }

  /** Waits until every client has arrived. */
  void arrive() {
    try {
      barrier.await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("the clients did not all start", e);
    }
  }
}
