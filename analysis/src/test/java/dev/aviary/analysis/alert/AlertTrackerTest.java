package dev.aviary.analysis.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aviary.spec.Monitoring;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertTrackerTest {
  private static final Map<String, String> R2 =
      Map.of("model", "fraud", "version", "2", "instance", "r2");
  private final Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
  private final List<AlertRule> rules =
      AlertRules.forAll(Monitoring.DEFAULT).alerts().stream()
          .filter(r -> r.name().equals("AviaryReplicaNotReady"))
          .toList();
  private final SampleHistory history = SampleHistory.forRules(rules);
  private final AlertTracker tracker = new AlertTracker(rules);

  private List<AlertTracker.Change> at(int minute, double ready) {
    Instant now = t0.plus(Duration.ofMinutes(minute));
    history.add("aviary_model_ready", R2, ready, now);
    history.prune(now);
    return tracker.evaluate(history, now);
  }

  @Test
  void pending_for_the_duration_then_fires_once_then_resolves_once_when_it_no_longer_matches() {
    assertThat(at(0, 0)).isEmpty();
    assertThat(at(4, 0)).isEmpty();
    List<AlertTracker.Change> fired = at(5, 0);
    assertThat(fired).hasSize(1);
    assertThat(fired.get(0).resolved()).isFalse();
    assertThat(fired.get(0).alert().labels()).containsEntry("severity", "critical");
    assertThat(fired.get(0).alert().startsAt()).isEqualTo(t0.plus(Duration.ofMinutes(5)));
    assertThat(at(6, 0)).isEmpty();
    assertThat(tracker.firing()).hasSize(1);
    List<AlertTracker.Change> resolved = at(7, 1);
    assertThat(resolved).hasSize(1);
    assertThat(resolved.get(0).resolved()).isTrue();
    assertThat(resolved.get(0).endsAt()).isEqualTo(t0.plus(Duration.ofMinutes(7)));
    assertThat(tracker.firing()).isEmpty();
  }

  @Test
  void a_condition_that_clears_before_its_duration_never_fires() {
    at(0, 0);
    at(3, 1);
    assertThat(at(5, 0)).isEmpty();
    assertThat(at(9, 0)).isEmpty();
    assertThat(at(10, 0)).hasSize(1);
  }

  @Test
  void a_series_no_longer_sampled_is_stale_at_once_and_its_alert_resolves() {
    at(0, 0);
    assertThat(at(5, 0)).hasSize(1);
    Instant later = t0.plus(Duration.ofMinutes(6));
    history.markStale(later); // the replica is gone: no sample at minute 6
    List<AlertTracker.Change> resolved = tracker.evaluate(history, later);
    assertThat(resolved).hasSize(1);
    assertThat(resolved.get(0).resolved()).isTrue();
  }
}
