package dev.aviary.gateway;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** A bounded concurrent load: each thread sends a fixed number of requests, one after another. */
final class Load implements AutoCloseable {
  final Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
  final AtomicInteger sent = new AtomicInteger();
  private final ExecutorService pool;
  private final Future<?>[] workers;

  private Load(int threads, int perThread, Supplier<HttpResponse<String>> request) {
    pool = Executors.newFixedThreadPool(threads);
    workers = new Future<?>[threads];
    for (int t = 0; t < threads; t++) {
      workers[t] =
          pool.submit(
              () -> {
                for (int i = 0; i < perThread; i++) {
                  String outcome;
                  try {
                    HttpResponse<String> r = request.get();
                    outcome = r.statusCode() + (r.statusCode() == 200 ? "" : " " + r.body());
                  } catch (RuntimeException e) {
                    outcome = "exception " + e.getMessage();
                  }
                  outcomes.computeIfAbsent(outcome, k -> new AtomicInteger()).incrementAndGet();
                  sent.incrementAndGet();
                }
              });
    }
  }

  static Load start(int threads, int perThread, Supplier<HttpResponse<String>> request) {
    return new Load(threads, perThread, request);
  }

  /** Waits for every request; returns outcome → count ("200" for successes). */
  Map<String, Integer> await() throws Exception {
    for (Future<?> w : workers) {
      w.get(120, TimeUnit.SECONDS);
    }
    Map<String, Integer> result = new java.util.TreeMap<>();
    outcomes.forEach((k, v) -> result.put(k, v.get()));
    return result;
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
