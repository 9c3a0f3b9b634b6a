package dev.aviary.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aviary.spec.MetricProvider;
import dev.aviary.spec.condition.Value;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every metric source promises, on every backend: the value its backend reports, NaN when the
 * backend has no data, and an error (never a value, never a hang) when the backend is down, slow,
 * failing or answers something unreadable. The backend is a real HTTP server on 127.0.0.1.
 */
public abstract class MetricSourceContract {
  public static final MetricSource.Target TARGET =
      new MetricSource.Target("models", "iris", "abc123", "stable0");

  /** Every source under contract gives up after this long. */
  public static final Duration TIMEOUT = Duration.ofSeconds(1);

  protected LocalHttp http;

  @BeforeEach
  void startBackend() throws Exception {
    http = new LocalHttp();
  }

  @AfterEach
  void stopBackend() {
    http.close();
  }

  /** Makes {@link #http} answer as this source's backend would when the value is {@code value}. */
  protected abstract void serve(double value);

  /** Makes {@link #http} answer as this source's backend does when it has no data yet. */
  protected abstract void serveNoData();

  /** The source under contract, giving up after {@link #TIMEOUT}. */
  protected abstract MetricSource source();

  /** A provider of this source reading {@link #http}. */
  protected abstract MetricProvider provider();

  private MetricSource.Sample measure() throws MeasurementException {
    return source().measure(provider(), TARGET);
  }

  @Test
  public void reads_the_value_the_backend_reports() throws Exception {
    serve(0.25);
    assertThat(measure().value()).isEqualTo(Value.of(0.25));
  }

  @Test
  public void no_data_is_nan_and_not_an_error() throws Exception {
    serveNoData();
    assertThat(measure().value().isEmptyOrNaN()).isTrue();
  }

  @Test
  public void a_backend_that_is_down_is_an_error() {
    serve(0.25);
    http.close();
    assertThatThrownBy(this::measure)
        .isInstanceOf(MeasurementException.class)
        .hasMessageContaining("127.0.0.1:" + http.port());
  }

  @Test
  public void a_server_error_is_an_error_naming_the_status() {
    http.reply = p -> new LocalHttp.Reply(503, "overloaded");
    assertThatThrownBy(this::measure)
        .isInstanceOf(MeasurementException.class)
        .hasMessageContaining("503");
  }

  @Test
  public void an_unreadable_answer_is_an_error() {
    http.reply = p -> new LocalHttp.Reply(200, "<html>not what was asked for</html>");
    assertThatThrownBy(this::measure).isInstanceOf(MeasurementException.class);
  }

  @Test
  public void a_backend_slower_than_the_timeout_is_an_error_not_a_hang() {
    serve(0.25);
    var answer = http.reply;
    http.reply =
        p -> {
          try {
            Thread.sleep(TIMEOUT.toMillis() * 3);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return answer.apply(p);
        };
    long start = System.nanoTime();
    assertThatThrownBy(this::measure)
        .isInstanceOf(MeasurementException.class)
        .hasMessageContaining("timed out");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.multipliedBy(3));
  }
}
