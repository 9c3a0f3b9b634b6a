package dev.aviary.local;

import dev.aviary.monitor.PredictionHistograms;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Reads the prediction histograms of every ready replica every few seconds and keeps five minutes
 * of them, so that drift can be measured over a window (the counters themselves only grow).
 */
final class PredictionSampler {
  static final Duration KEEP = Duration.ofMinutes(6);

  private record Sample(Instant at, TreeMap<Double, Double> cumulative) {}

  private final HttpClient http;
  private final Clock clock;
  private final Supplier<List<Integer>> readyPorts;
  private final Map<Integer, Deque<Sample>> samples = new ConcurrentHashMap<>();

  PredictionSampler(HttpClient http, Clock clock, Supplier<List<Integer>> readyPorts) {
    this.http = http;
    this.clock = clock;
    this.readyPorts = readyPorts;
  }

  /** One round: every ready replica read once; old samples and unknown ports dropped. */
  void sampleAll() {
    List<Integer> ports = readyPorts.get();
    samples.keySet().retainAll(ports);
    for (int port : ports) {
      try {
        record(port, scrape(port));
      } catch (IOException e) {
        // a replica that does not answer now is simply not sampled this round
      }
    }
  }

  /**
   * What one replica predicted during the last {@code window}: its counters now minus the latest
   * sample at least {@code window} old; everything it counted when it is younger than that (or
   * restarted, so that its counters went down).
   */
  TreeMap<Double, Double> recent(int port, Duration window) throws IOException {
    TreeMap<Double, Double> now = scrape(port);
    record(port, now);
    Instant cutoff = clock.instant().minus(window);
    Sample earlier = null;
    Deque<Sample> d = samples.get(port);
    if (d != null) {
      synchronized (d) {
        for (Sample s : d) {
          if (!s.at().isAfter(cutoff)) {
            earlier = s;
          }
        }
      }
    }
    return PredictionHistograms.since(now, earlier == null ? null : earlier.cumulative());
  }

  private void record(int port, TreeMap<Double, Double> cumulative) {
    Deque<Sample> d = samples.computeIfAbsent(port, p -> new ArrayDeque<>());
    Instant now = clock.instant();
    synchronized (d) {
      d.addLast(new Sample(now, cumulative));
      while (!d.isEmpty() && d.peekFirst().at().isBefore(now.minus(KEEP))) {
        d.removeFirst();
      }
    }
  }

  TreeMap<Double, Double> scrape(int port) throws IOException {
    try {
      HttpResponse<String> resp =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (resp.statusCode() != 200) {
        throw new IOException("/metrics on port " + port + " answered " + resp.statusCode());
      }
      return PredictionHistograms.cumulative(resp.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted");
    } catch (IOException e) {
      throw new IOException("cannot read /metrics on port " + port + ": " + e.getMessage(), e);
    }
  }
}
