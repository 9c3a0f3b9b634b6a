package dev.aviary.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aviary.spec.MetricProvider;
import dev.aviary.spec.condition.Value;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The {@link MetricSourceContract} for the builtin source over a backend's {@link Fleet}: the
 * backend finds the replicas of a revision, the replicas serve their {@code /metrics} page on
 * 127.0.0.1. Each backend runs it with its own fleet.
 */
public abstract class BuiltinSourceContract extends MetricSourceContract {
  protected final TestClock clock = new TestClock();

  /**
   * The backend's fleet in which deployment {@code TARGET.deployment()} (namespace {@code
   * TARGET.namespace()}) runs one ready replica per revision, serving {@code /metrics} on the given
   * port.
   */
  protected abstract Fleet fleet(Map<String, Integer> portByRevision);

  /** A model-server page: {@code ok} and {@code failed} requests, {@code fast} under 10 ms. */
  public static String page(double ok, double failed, double fast, double slow) {
    return """
           # HELP aviary_inference_requests_total Inference requests by outcome
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
  protected void serve(double errorRate) {
    http.reply =
        p -> new LocalHttp.Reply(200, page(1000 - errorRate * 1000, errorRate * 1000, 900, 100));
  }

  @Override
  protected void serveNoData() {
    http.reply = p -> new LocalHttp.Reply(200, "# no inference yet\nprocess_uptime_seconds 3\n");
  }

  @Override
  protected MetricSource source() {
    return new BuiltinSource(fleet(Map.of(TARGET.revisionId(), http.port())), clock, TIMEOUT);
  }

  @Override
  protected MetricProvider provider() {
    return new MetricProvider.Builtin("errorRate", Duration.ofMinutes(1));
  }

  @Test
  public void only_the_replicas_of_the_measured_revision_count() throws Exception {
    serve(0.25);
    try (LocalHttp other = new LocalHttp()) {
      other.reply = p -> new LocalHttp.Reply(200, page(0, 1000, 1000, 0));
      BuiltinSource s =
          new BuiltinSource(
              fleet(Map.of(TARGET.revisionId(), http.port(), "other1", other.port())),
              clock,
              TIMEOUT);
      MetricSource.Sample sample = s.measure(provider(), TARGET);
      assertThat(sample.value()).isEqualTo(Value.of(0.25));
      assertThat(sample.sampleSize()).isEqualTo(1000L);
    }
  }

  /** A model server monitoring against a baseline: two features, a window and feedback. */
  public static String monitoredPage(String accuracy) {
    return """
           # TYPE aviary_feature_drift_score gauge
           aviary_feature_drift_score{feature="amount",measure="psi",model="iris",version="1"} 0.16
           aviary_feature_drift_score{feature="kind",measure="jensen_shannon",model="iris",version="1"} 0.04
           # TYPE aviary_dataset_drift_share gauge
           aviary_dataset_drift_share{model="iris",version="1"} 0.5
           # TYPE aviary_monitor_window_rows gauge
           aviary_monitor_window_rows{model="iris",version="1"} 800.0
           # TYPE aviary_model_accuracy gauge
           aviary_model_accuracy{model="iris",version="1"} %s
           # TYPE aviary_feedback_total counter
           aviary_feedback_total{model="iris",version="1"} 120.0
           """
        .formatted(accuracy);
  }

  @Test
  public void live_monitoring_gauges_of_the_revision_are_measured() throws Exception {
    http.reply = p -> new LocalHttp.Reply(200, monitoredPage("0.9"));
    MetricSource s = source();
    MetricSource.Sample drift =
        s.measure(new MetricProvider.Builtin("featureDrift", Duration.ofMinutes(1)), TARGET);
    assertThat(drift.value()).isEqualTo(Value.of(0.16));
    assertThat(drift.sampleSize()).isEqualTo(800L);
    assertThat(
            s.measure(
                    new MetricProvider.Builtin("datasetDriftShare", Duration.ofMinutes(1)), TARGET)
                .value())
        .isEqualTo(Value.of(0.5));
    MetricSource.Sample accuracy =
        s.measure(new MetricProvider.Builtin("accuracy", Duration.ofMinutes(1)), TARGET);
    assertThat(accuracy.value()).isEqualTo(Value.of(0.9));
    assertThat(accuracy.sampleSize()).isEqualTo(120L);
    http.reply = p -> new LocalHttp.Reply(200, monitoredPage("NaN"));
    MetricSource.Sample none =
        s.measure(new MetricProvider.Builtin("accuracy", Duration.ofMinutes(1)), TARGET);
    assertThat(none.sampleSize()).isZero();
  }

  @Test
  public void live_monitoring_metrics_of_a_server_without_a_baseline_are_an_error() {
    serve(0.25);
    assertThatThrownBy(
            () ->
                source()
                    .measure(
                        new MetricProvider.Builtin("featureDrift", Duration.ofMinutes(1)), TARGET))
        .isInstanceOf(MeasurementException.class)
        .hasMessageContaining("has no aviary_feature_drift_score series");
  }

  @Test
  public void a_revision_without_a_running_replica_is_an_error() {
    serve(0.25);
    BuiltinSource s = new BuiltinSource(fleet(Map.of("other1", http.port())), clock, TIMEOUT);
    assertThatThrownBy(() -> s.measure(provider(), TARGET))
        .isInstanceOf(MeasurementException.class)
        .hasMessageContaining("no running replica of revision " + TARGET.revisionId());
  }
}
