package dev.aviary.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aviary.spec.MetricProvider;
import dev.aviary.spec.condition.Value;
import java.net.ServerSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every metric source promises: a value when the source answers, an error when it is down. */
abstract class MetricSourceContract {
  static final MetricSource.Target TARGET = new MetricSource.Target("models", "iris", "abc123");
  LocalHttp http;

  @BeforeEach
  void startServer() throws Exception {
    http = new LocalHttp();
  }

  @AfterEach
  void stopServer() {
    http.close();
  }

  /** Makes the local server answer as this source's backend would, with {@code value}. */
  abstract void serve(double value);

  abstract MetricSource source();

  /** A provider pointing at the local server ({@code base} = its URL). */
  abstract MetricProvider provider(String base);

  @Test
  void reads_the_value_the_source_reports() throws Exception {
    serve(0.25);
    Value v = source().measure(provider(http.url()), TARGET).value();
    assertThat(v).isEqualTo(Value.of(0.25));
  }

  @Test
  void a_source_that_is_down_is_an_error() throws Exception {
    int dead;
    try (ServerSocket s = new ServerSocket(0)) {
      dead = s.getLocalPort();
    }
    http.close();
    assertThatThrownBy(() -> source().measure(provider("http://127.0.0.1:" + dead), TARGET))
        .isInstanceOf(MeasurementException.class);
  }

  @Test
  void a_server_error_is_an_error() {
    http.reply = p -> new LocalHttp.Reply(503, "overloaded");
    assertThatThrownBy(() -> source().measure(provider(http.url()), TARGET))
        .isInstanceOf(MeasurementException.class)
        .hasMessageContaining("503");
  }

  @Test
  void an_unreadable_answer_is_an_error() {
    http.reply = p -> new LocalHttp.Reply(200, "<html>not json</html>");
    assertThatThrownBy(() -> source().measure(provider(http.url()), TARGET))
        .isInstanceOf(MeasurementException.class);
  }
}
