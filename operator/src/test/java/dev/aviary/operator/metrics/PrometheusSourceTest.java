package dev.aviary.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aviary.spec.MetricProvider;
import dev.aviary.spec.condition.Value;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class PrometheusSourceTest extends MetricSourceContract {
  final List<String> seen = new CopyOnWriteArrayList<>();

  @Override
  void serve(double value) {
    http.reply =
        p -> {
          seen.add(URLDecoder.decode(p, StandardCharsets.UTF_8));
          return new LocalHttp.Reply(
              200,
              "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[1,\""
                  + value
                  + "\"]}]}}");
        };
  }

  @Override
  MetricSource source() {
    return new PrometheusSource(null, Duration.ofSeconds(2));
  }

  @Override
  MetricProvider provider(String base) {
    return new MetricProvider.Prometheus(
        base, "rate(errors{revision=\"{{revision}}\",namespace=\"{{namespace}}\"}[1m])", null);
  }

  @Test
  void fills_revision_and_namespace_into_the_query() throws Exception {
    serve(1);
    source().measure(provider(http.url()), TARGET);
    assertThat(seen)
        .singleElement()
        .asString()
        .contains("rate(errors{revision=\"abc123\",namespace=\"models\"}[1m])");
  }

  @Test
  void an_empty_vector_is_an_empty_value_and_a_scalar_a_number() throws Exception {
    http.reply =
        p ->
            new LocalHttp.Reply(
                200, "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}");
    assertThat(source().measure(provider(http.url()), TARGET).value().isEmptyOrNaN()).isTrue();
    http.reply =
        p ->
            new LocalHttp.Reply(
                200,
                "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1,\"7\"]}}");
    assertThat(source().measure(provider(http.url()), TARGET).value()).isEqualTo(Value.of(7.0));
  }

  @Test
  void a_query_error_is_an_error_with_prometheus_reason() {
    http.reply =
        p ->
            new LocalHttp.Reply(
                200,
                "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"parse error at char"
                    + " 5\"}");
    assertThatThrownBy(() -> source().measure(provider(http.url()), TARGET))
        .isInstanceOf(MeasurementException.class)
        .hasMessageContaining("parse error at char 5");
  }

  @Test
  void the_sample_size_query_gives_the_number_of_requests() throws Exception {
    serve(42);
    var s =
        source().measure(new MetricProvider.Prometheus(http.url(), "up", "sum(requests)"), TARGET);
    assertThat(s.sampleSize()).isEqualTo(42L);
  }

  @Test
  void without_any_address_the_measurement_is_an_error() {
    assertThatThrownBy(
            () -> source().measure(new MetricProvider.Prometheus(null, "up", null), TARGET))
        .isInstanceOf(MeasurementException.class)
        .hasMessageContaining("--prometheus-url");
  }
}
