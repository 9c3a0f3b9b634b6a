package dev.aviary.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aviary.spec.MetricProvider;
import dev.aviary.spec.condition.Value;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class PrometheusSourceTest extends MetricSourceContract {
  final List<String> seen = new CopyOnWriteArrayList<>();

  private void answer(String data) {
    http.reply =
        p -> {
          seen.add(URLDecoder.decode(p, StandardCharsets.UTF_8));
          return new LocalHttp.Reply(200, "{\"status\":\"success\",\"data\":" + data + "}");
        };
  }

  private static String vector(String... values) {
    StringBuilder b = new StringBuilder("{\"resultType\":\"vector\",\"result\":[");
    for (int i = 0; i < values.length; i++) {
      b.append(i == 0 ? "" : ",").append("{\"metric\":{},\"value\":[1,\"" + values[i] + "\"]}");
    }
    return b.append("]}").toString();
  }

  @Override
  protected void serve(double value) {
    answer(vector(Double.toString(value)));
  }

  @Override
  protected void serveNoData() {
    answer(vector());
  }

  @Override
  protected MetricSource source() {
    return new PrometheusSource(null, TIMEOUT);
  }

  @Override
  protected MetricProvider provider() {
    return new MetricProvider.Prometheus(http.url(), "up", null);
  }

  private MetricSource.Sample query(String promql) throws MeasurementException {
    return source().measure(new MetricProvider.Prometheus(http.url(), promql, null), TARGET);
  }

  @Test
  void fills_revision_name_and_namespace_with_or_without_spaces() throws Exception {
    serve(1);
    query("errors{revision=\"{{revision}}\",ns=\"{{ namespace }}\",md=\"{{name }}\"}");
    assertThat(seen)
        .singleElement()
        .asString()
        .contains("errors{revision=\"abc123\",ns=\"models\",md=\"iris\"}");
  }

  @Test
  void several_samples_are_a_vector_and_a_scalar_a_number() throws Exception {
    answer(vector("1", "2"));
    assertThat(query("up").value()).isEqualTo(Value.of(1.0, 2.0));
    answer("{\"resultType\":\"scalar\",\"result\":[1,\"7\"]}");
    assertThat(query("up").value()).isEqualTo(Value.of(7.0));
  }

  @Test
  void infinities_are_values_and_nan_is_no_data() throws Exception {
    answer(vector("+Inf"));
    assertThat(query("up").value()).isEqualTo(Value.of(Double.POSITIVE_INFINITY));
    answer(vector("-Inf"));
    assertThat(query("up").value()).isEqualTo(Value.of(Double.NEGATIVE_INFINITY));
    answer(vector("NaN"));
    assertThat(query("up").value().isEmptyOrNaN()).isTrue();
  }

  @Test
  void a_sample_that_is_no_number_is_an_error() {
    answer(vector("lots"));
    assertThatThrownBy(() -> query("up"))
        .isInstanceOf(MeasurementException.class)
        .hasMessageContaining("not a number: lots");
  }

  @Test
  void a_range_result_is_an_error_saying_what_is_needed() {
    answer("{\"resultType\":\"matrix\",\"result\":[]}");
    assertThatThrownBy(() -> query("up[5m]"))
        .isInstanceOf(MeasurementException.class)
        .hasMessageContaining("scalar or an instant vector");
  }

  @Test
  void a_query_error_is_an_error_with_prometheus_reason() {
    http.reply =
        p ->
            new LocalHttp.Reply(
                200,
                "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"parse error at char"
                    + " 5\"}");
    assertThatThrownBy(() -> query("up{"))
        .isInstanceOf(MeasurementException.class)
        .hasMessageContaining("parse error at char 5");
  }

  @Test
  void the_sample_size_query_gives_the_number_of_requests() throws Exception {
    serve(42);
    var s =
        source().measure(new MetricProvider.Prometheus(http.url(), "up", "sum(requests)"), TARGET);
    assertThat(s.sampleSize()).isEqualTo(42L);
    serveNoData();
    s = source().measure(new MetricProvider.Prometheus(http.url(), "up", "sum(requests)"), TARGET);
    assertThat(s.sampleSize()).isZero();
  }

  @Test
  void the_default_address_is_used_when_the_provider_has_none() throws Exception {
    serve(3);
    var s =
        new PrometheusSource(http.url() + "/", TIMEOUT)
            .measure(new MetricProvider.Prometheus(null, "up", null), TARGET);
    assertThat(s.value()).isEqualTo(Value.of(3.0));
  }

  @Test
  void without_any_address_the_measurement_is_an_error() {
    assertThatThrownBy(
            () -> source().measure(new MetricProvider.Prometheus(null, "up", null), TARGET))
        .isInstanceOf(MeasurementException.class)
        .hasMessageContaining("--prometheus-url");
  }
}
