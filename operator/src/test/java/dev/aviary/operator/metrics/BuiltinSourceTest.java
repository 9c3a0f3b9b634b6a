package dev.aviary.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.aviary.spec.MetricProvider;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The builtin source reads the model pods' /metrics pages (served here on 127.0.0.1). */
@EnableKubernetesMockClient(crud = true, https = false)
class BuiltinSourceTest extends MetricSourceContract {
  KubernetesClient client;
  int podPort;

  static String page(double ok, double failed, double fast, double slow) {
    return """
    # TYPE aviary_inference_requests_total counter
    aviary_inference_requests_total{model="iris",outcome="success",version="1"} %s
    aviary_inference_requests_total{model="iris",outcome="server_error",version="1"} %s
    # TYPE aviary_inference_duration_seconds histogram
    aviary_inference_duration_seconds_bucket{model="iris",version="1",le="0.01"} %s
    aviary_inference_duration_seconds_bucket{model="iris",version="1",le="0.1"} %s
    aviary_inference_duration_seconds_bucket{model="iris",version="1",le="+Inf"} %s
    """
        .formatted(ok, failed, fast, fast + slow, fast + slow);
  }

  @Override
  void serve(double value) {
    // errorRate = value: 100 requests, value*100 of them failed
    http.reply = p -> new LocalHttp.Reply(200, page(100 - value * 100, value * 100, 90, 10));
  }

  private void pod(int port) {
    client
        .pods()
        .inNamespace("models")
        .resource(
            FakePods.server("iris-abc123-x", "iris", "abc123", port))
        .createOr(r -> r.update());
  }

  @Override
  MetricSource source() {
    return new BuiltinSource(
        client,
        Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC),
        Duration.ofSeconds(2));
  }

  @Override
  MetricProvider provider(String base) {
    pod(URI.create(base).getPort());
    return new MetricProvider.Builtin("errorRate", Duration.ofMinutes(1));
  }

  @Test
  void latency_quantiles_come_from_the_histogram_buckets() throws Exception {
    serve(0);
    pod(http.port());
    var p99 =
        source().measure(new MetricProvider.Builtin("latencyP99", Duration.ofMinutes(1)), TARGET);
    // 90 requests under 10 ms, 10 between 10 and 100 ms: p99 interpolates to 91 ms
    assertThat(((dev.aviary.spec.condition.Value.Scalar) p99.value()).value())
        .isCloseTo(0.091, within(1e-9));
    assertThat(p99.sampleSize()).isEqualTo(100L);
  }

  @Test
  void a_window_counts_only_requests_since_the_scrape_a_window_ago() throws Exception {
    pod(http.port());
    MutableClock clock = new MutableClock();
    BuiltinSource s = new BuiltinSource(client, clock, Duration.ofSeconds(2));
    MetricProvider.Builtin errorRate =
        new MetricProvider.Builtin("errorRate", Duration.ofMinutes(1));
    http.reply = p -> new LocalHttp.Reply(200, page(100, 0, 100, 0));
    s.measure(errorRate, TARGET);
    clock.now = clock.now.plusSeconds(60);
    http.reply = p -> new LocalHttp.Reply(200, page(150, 50, 200, 0)); // +50 ok, +50 failed
    var v = s.measure(errorRate, TARGET);
    assertThat(v.value()).isEqualTo(dev.aviary.spec.condition.Value.of(0.5));
    assertThat(v.sampleSize()).isEqualTo(100L);
  }

  @Test
  void queries_with_different_windows_each_keep_their_own_baseline() throws Exception {
    pod(http.port());
    MutableClock clock = new MutableClock();
    BuiltinSource s = new BuiltinSource(client, clock, Duration.ofSeconds(2));
    MetricProvider.Builtin lastMinute =
        new MetricProvider.Builtin("errorRate", Duration.ofMinutes(1));
    MetricProvider.Builtin lastFive = new MetricProvider.Builtin("errorRate", Duration.ofMinutes(5));
    // 10 requests a minute, once a minute both queries run
    for (int minute = 0; minute <= 6; minute++) {
      double total = 100 + 10 * minute;
      http.reply = p -> new LocalHttp.Reply(200, page(total, 0, total, 0));
      var one = s.measure(lastMinute, TARGET);
      var five = s.measure(lastFive, TARGET);
      if (minute == 6) {
        assertThat(one.sampleSize()).isEqualTo(10L);
        assertThat(five.sampleSize()).isEqualTo(50L);
      }
      clock.now = clock.now.plusSeconds(60);
    }
  }

  @Test
  void no_running_pod_is_an_error_not_a_success() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                source()
                    .measure(
                        new MetricProvider.Builtin("errorRate", Duration.ofMinutes(1)), TARGET))
        .isInstanceOf(MeasurementException.class)
        .hasMessageContaining("no running pod");
  }

  static final class MutableClock extends Clock {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId z) {
      return this;
    }
  }
}
