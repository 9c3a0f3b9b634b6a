package dev.aviary.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.aviary.spec.MetricProvider;
import dev.aviary.spec.condition.Value;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The builtin source over a fleet that is a plain list of replicas on 127.0.0.1. */
class BuiltinSourceTest extends BuiltinSourceContract {
  private PortFleet fleet;

  @Override
  protected Fleet fleet(Map<String, Integer> portByRevision) {
    fleet = new PortFleet(portByRevision);
    return fleet;
  }

  private static MetricProvider.Builtin builtin(String metric, Duration window) {
    return new MetricProvider.Builtin(metric, window);
  }

  @Test
  void latency_quantiles_interpolate_inside_the_histogram_buckets() throws Exception {
    http.reply = p -> new LocalHttp.Reply(200, page(100, 0, 90, 10));
    var p99 = source().measure(builtin("latencyP99", Duration.ofMinutes(1)), TARGET);
    // 90 requests under 10 ms, 10 between 10 and 100 ms: p99 interpolates to 91 ms
    assertThat(((Value.Scalar) p99.value()).value()).isCloseTo(0.091, within(1e-9));
    assertThat(p99.sampleSize()).isEqualTo(100L);
  }

  @Test
  void success_rate_and_request_rate_cover_the_window() throws Exception {
    http.reply = p -> new LocalHttp.Reply(200, page(90, 30, 120, 0));
    MetricSource s = source();
    assertThat(s.measure(builtin("successRate", Duration.ofMinutes(1)), TARGET).value())
        .isEqualTo(Value.of(0.75));
    assertThat(s.measure(builtin("requestRate", Duration.ofMinutes(1)), TARGET).value())
        .isEqualTo(Value.of(2.0));
  }

  @Test
  void a_window_counts_only_requests_since_the_scrape_a_window_ago() throws Exception {
    MetricSource s = source();
    MetricProvider.Builtin errorRate = builtin("errorRate", Duration.ofMinutes(1));
    http.reply = p -> new LocalHttp.Reply(200, page(100, 0, 100, 0));
    s.measure(errorRate, TARGET);
    clock.advance(Duration.ofSeconds(60));
    http.reply = p -> new LocalHttp.Reply(200, page(150, 50, 200, 0)); // +50 ok, +50 failed
    var v = s.measure(errorRate, TARGET);
    assertThat(v.value()).isEqualTo(Value.of(0.5));
    assertThat(v.sampleSize()).isEqualTo(100L);
  }

  @Test
  void a_replica_that_restarted_counts_everything_since_its_restart() throws Exception {
    MetricSource s = source();
    MetricProvider.Builtin errorRate = builtin("errorRate", Duration.ofMinutes(1));
    http.reply = p -> new LocalHttp.Reply(200, page(1000, 0, 1000, 0));
    s.measure(errorRate, TARGET);
    clock.advance(Duration.ofSeconds(60));
    http.reply = p -> new LocalHttp.Reply(200, page(3, 1, 4, 0)); // counters went down
    var v = s.measure(errorRate, TARGET);
    assertThat(v.value()).isEqualTo(Value.of(0.25));
    assertThat(v.sampleSize()).isEqualTo(4L);
  }

  @Test
  void queries_with_different_windows_each_keep_their_own_baseline() throws Exception {
    MetricSource s = source();
    MetricProvider.Builtin lastMinute = builtin("errorRate", Duration.ofMinutes(1));
    MetricProvider.Builtin lastFive = builtin("errorRate", Duration.ofMinutes(5));
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
      clock.advance(Duration.ofSeconds(60));
    }
  }

  @Test
  void an_unknown_metric_is_an_error_listing_the_known_ones() {
    serve(0);
    assertThatThrownBy(() -> source().measure(builtin("errorRatio", null), TARGET))
        .isInstanceOf(MeasurementException.class)
        .hasMessageContaining("unknown builtin metric errorRatio")
        .hasMessageContaining("errorRate");
  }

  @Test
  void mirror_mismatch_is_what_the_router_compared_over_at_most_five_minutes() throws Exception {
    MetricSource source = source();
    fleet.mirrored = Optional.of(new Fleet.MirrorComparison(200, 150));
    var s = source.measure(builtin("mirrorMismatchRate", Duration.ofMinutes(10)), TARGET);
    assertThat(s.value()).isEqualTo(Value.of(0.25));
    assertThat(s.sampleSize()).isEqualTo(200L);
    assertThat(fleet.mirrorWindows).containsExactly(BuiltinSource.ROUTER_WINDOW);
  }

  @Test
  void no_shadow_traffic_is_an_error_naming_both_revisions() {
    assertThatThrownBy(
            () -> source().measure(builtin("mirrorMismatchRate", Duration.ofMinutes(1)), TARGET))
        .isInstanceOf(MeasurementException.class)
        .hasMessageContaining("from stable0 to abc123");
  }

  @Test
  void drift_needs_a_reference_revision() {
    serve(0);
    MetricSource.Target alone = new MetricSource.Target("models", "iris", "abc123");
    assertThatThrownBy(() -> source().measure(builtin("predictionDriftPsi", null), alone))
        .isInstanceOf(MeasurementException.class)
        .hasMessageContaining("needs a different revision");
  }
}
