package dev.aviary.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Windowed prediction histograms from a real /metrics endpoint whose counters grow. */
class PredictionSamplerTest {
  private HttpServer server;
  private final AtomicReference<double[]> counters = new AtomicReference<>(new double[] {0, 0});
  private Instant now = Instant.parse("2026-01-01T00:00:00Z");
  private final Clock clock =
      new Clock() {
        @Override
        public java.time.ZoneId getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now;
        }
      };
  private PredictionSampler sampler;
  private int port;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/metrics",
        ex -> {
          double[] c = counters.get();
          String body =
              "aviary_prediction_value_bucket{model=\"m\",le=\"0.5\"} "
                  + c[0]
                  + "\n"
                  + "aviary_prediction_value_bucket{model=\"m\",le=\"+Inf\"} "
                  + (c[0] + c[1])
                  + "\n";
          byte[] b = body.getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(200, b.length);
          ex.getResponseBody().write(b);
          ex.close();
        });
    server.start();
    port = server.getAddress().getPort();
    sampler = new PredictionSampler(HttpClient.newHttpClient(), clock, () -> List.of(port));
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void counts_only_what_happened_within_the_window() throws IOException {
    counters.set(new double[] {100, 0});
    sampler.sampleAll();
    now = now.plusSeconds(30);
    counters.set(new double[] {110, 40});
    sampler.sampleAll();
    now = now.plusSeconds(30);
    counters.set(new double[] {120, 80});
    // 60 s ago: (100, 0) -> (20, 80) since; 30 s ago: (110, 40) -> (10, 40)
    assertThat(sampler.recent(port, Duration.ofSeconds(60)))
        .containsEntry(0.5, 20.0)
        .containsEntry(Double.POSITIVE_INFINITY, 100.0);
    assertThat(sampler.recent(port, Duration.ofSeconds(30)))
        .containsEntry(0.5, 10.0)
        .containsEntry(Double.POSITIVE_INFINITY, 50.0);
  }

  @Test
  void a_replica_younger_than_the_window_counts_everything() throws IOException {
    counters.set(new double[] {5, 5});
    assertThat(sampler.recent(port, Duration.ofSeconds(60)))
        .containsEntry(Double.POSITIVE_INFINITY, 10.0);
  }

  @Test
  void counters_that_went_down_mean_a_restart_and_count_from_zero() throws IOException {
    counters.set(new double[] {100, 100});
    sampler.sampleAll();
    now = now.plusSeconds(61);
    counters.set(new double[] {3, 1});
    assertThat(sampler.recent(port, Duration.ofSeconds(60)))
        .containsEntry(0.5, 3.0)
        .containsEntry(Double.POSITIVE_INFINITY, 4.0);
  }

  @Test
  void a_replica_that_does_not_answer_is_an_error() {
    server.stop(0);
    assertThatThrownBy(() -> sampler.recent(port, Duration.ofSeconds(60)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("/metrics on port " + port);
  }
}
