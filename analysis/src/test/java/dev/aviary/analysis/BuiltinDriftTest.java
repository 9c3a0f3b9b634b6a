package dev.aviary.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aviary.spec.MetricProvider;
import dev.aviary.spec.condition.Value;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Prediction drift between a canary replica and a stable replica, each a real HTTP server on
 * 127.0.0.1 serving a {@code /metrics} page of the model server. The pages under {@code
 * model-server-metrics/} were taken from {@code aviary serve} running the example fraud models (v1,
 * v2, v3) after 600 rows of {@code examples/fraud/data/sample.csv} were sent to each as infer
 * requests of 50 rows: v1 and v2 on rows 0-600, a second v1 on rows 600-1200.
 */
class BuiltinDriftTest {
  static final String STABLE = "rev-stable";
  static final String CANARY = "rev-canary";
  static final MetricSource.Target TARGET =
      new MetricSource.Target("models", "fraud", CANARY, STABLE);
  static final MetricProvider PSI = new MetricProvider.Builtin("predictionDriftPsi", null);
  static final MetricProvider JS = new MetricProvider.Builtin("predictionDriftJs", null);

  LocalHttp stableReplica;
  LocalHttp canaryReplica;
  TestClock clock;
  BuiltinSource source;

  @BeforeEach
  void start() throws IOException {
    stableReplica = new LocalHttp();
    canaryReplica = new LocalHttp();
    clock = new TestClock();
    source =
        new BuiltinSource(
            new PortFleet(Map.of(STABLE, stableReplica.port(), CANARY, canaryReplica.port())),
            clock,
            Duration.ofSeconds(2));
  }

  @AfterEach
  void stop() {
    stableReplica.close();
    canaryReplica.close();
  }

  static String page(String name) {
    try (InputStream in =
        BuiltinDriftTest.class.getResourceAsStream("/model-server-metrics/" + name + ".txt")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static void serve(LocalHttp replica, String pageName) {
    String body = page(pageName);
    replica.reply = p -> new LocalHttp.Reply(200, body);
  }

  private double measure(MetricProvider provider) throws MeasurementException {
    Value v = source.measure(provider, TARGET).value();
    return ((Value.Scalar) v).value();
  }

  @Test
  void the_same_model_on_other_requests_shows_no_significant_drift() throws Exception {
    serve(stableReplica, "fraud-v1-rows-0-600");
    serve(canaryReplica, "fraud-v1-rows-600-1200");
    assertThat(measure(PSI)).isGreaterThanOrEqualTo(0).isLessThan(0.1);
    // Jensen-Shannon distance (natural log), under the usual drift threshold of 0.1
    assertThat(measure(JS)).isGreaterThanOrEqualTo(0).isLessThan(0.1);
  }

  @Test
  void the_same_model_on_the_same_requests_has_zero_drift() throws Exception {
    serve(stableReplica, "fraud-v1-rows-0-600");
    serve(canaryReplica, "fraud-v1-rows-0-600");
    assertThat(measure(PSI)).isZero();
    assertThat(measure(JS)).isZero();
  }

  @Test
  void a_retrained_model_drifts_a_little_and_the_faulty_release_a_lot() throws Exception {
    serve(stableReplica, "fraud-v1-rows-0-600");
    serve(canaryReplica, "fraud-v2-rows-0-600");
    double improved = measure(PSI);
    serve(canaryReplica, "fraud-v3-rows-0-600");
    double faulty = measure(PSI);
    assertThat(improved).isGreaterThan(0).isLessThan(0.1);
    assertThat(faulty).isGreaterThan(0.25);
    assertThat(measure(JS)).isGreaterThan(0.1);
  }

  @Test
  void the_sample_size_is_the_canary_requests_in_the_window() throws Exception {
    serve(stableReplica, "fraud-v1-rows-0-600");
    serve(canaryReplica, "fraud-v3-rows-0-600");
    // 600 rows sent as 12 requests of 50
    assertThat(source.measure(PSI, TARGET).sampleSize()).isEqualTo(12L);
  }

  @Test
  void drift_is_measured_over_the_window_only() throws Exception {
    Duration minute = Duration.ofMinutes(1);
    MetricProvider windowed = new MetricProvider.Builtin("predictionDriftPsi", minute);
    // Both pods first seen before any request: nothing predicted yet
    serve(stableReplica, "fraud-v1-no-requests");
    serve(canaryReplica, "fraud-v1-no-requests");
    assertThat(source.measure(windowed, TARGET).value()).isEqualTo(Value.of(Double.NaN));
    clock.advance(minute);
    serve(stableReplica, "fraud-v1-rows-0-600");
    serve(canaryReplica, "fraud-v3-rows-0-600");
    assertThat(((Value.Scalar) source.measure(windowed, TARGET).value()).value())
        .isGreaterThan(0.25);
    // A minute later nobody sent anything: the window holds no predictions, which is no data
    clock.advance(minute);
    MetricSource.Sample quiet = source.measure(windowed, TARGET);
    assertThat(quiet.value()).isEqualTo(Value.of(Double.NaN));
    assertThat(quiet.sampleSize()).isZero();
  }

  @Test
  void no_predictions_yet_is_no_data_not_no_drift() throws Exception {
    serve(stableReplica, "fraud-v1-rows-0-600");
    serve(canaryReplica, "fraud-v1-no-requests");
    MetricSource.Sample s = source.measure(PSI, TARGET);
    assertThat(s.value()).isEqualTo(Value.of(Double.NaN));
    assertThat(s.sampleSize()).isZero();
  }

  @Test
  void without_a_revision_to_compare_with_drift_is_an_error() {
    serve(canaryReplica, "fraud-v3-rows-0-600");
    assertThatThrownBy(
            () -> source.measure(PSI, new MetricSource.Target("models", "fraud", CANARY, null)))
        .isInstanceOf(MeasurementException.class)
        .hasMessageContaining("needs a different revision to compare with");
  }

  @Test
  void a_reference_revision_without_running_pods_is_an_error() {
    serve(canaryReplica, "fraud-v3-rows-0-600");
    assertThatThrownBy(
            () -> source.measure(PSI, new MetricSource.Target("models", "fraud", CANARY, "gone")))
        .isInstanceOf(MeasurementException.class)
        .hasMessageContaining("no running replica of revision gone");
  }
}
