package dev.aviary.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aviary.spec.MetricProvider;
import dev.aviary.spec.condition.Value;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebSourceTest extends MetricSourceContract {
  @Override
  protected void serve(double value) {
    http.reply = p -> new LocalHttp.Reply(200, "{\"data\":{\"errorRate\":" + value + "}}");
  }

  @Override
  protected void serveNoData() {
    http.reply = p -> new LocalHttp.Reply(200, "{\"data\":{\"errorRate\":null}}");
  }

  @Override
  protected MetricSource source() {
    return new WebSource(TIMEOUT);
  }

  @Override
  protected MetricProvider provider() {
    return new MetricProvider.Web(
        http.url() + "/stats/{{revision}}",
        Map.of(),
        "$.data.errorRate",
        (int) TIMEOUT.toSeconds());
  }

  private Value pick(String body, String jsonPath) throws MeasurementException {
    http.reply = p -> new LocalHttp.Reply(200, body);
    return source()
        .measure(new MetricProvider.Web(http.url(), Map.of(), jsonPath, 1), TARGET)
        .value();
  }

  @Test
  void fills_placeholders_in_the_url_and_the_headers() throws Exception {
    String[] seen = new String[1];
    http.reply =
        p -> {
          seen[0] = p;
          return new LocalHttp.Reply(200, "1");
        };
    source()
        .measure(
            new MetricProvider.Web(
                http.url() + "/{{ namespace }}/{{name}}/{{revision}}", Map.of(), "$", 1),
            TARGET);
    assertThat(seen[0]).isEqualTo("/models/iris/abc123");
  }

  @Test
  void paths_reach_fields_and_array_elements_both_ways() throws Exception {
    String body = "{\"a\":{\"items\":[{\"v\":1.5},{\"v\":2.5}]},\"xs\":[1,2]}";
    assertThat(pick(body, "$.a.items[1].v")).isEqualTo(Value.of(2.5));
    assertThat(pick(body, "$.a.items.0.v")).isEqualTo(Value.of(1.5));
    assertThat(pick(body, "$.xs")).isEqualTo(Value.of(1.0, 2.0));
    assertThat(pick("[4,5]", "$[1]")).isEqualTo(Value.of(5.0));
  }

  @Test
  void numeric_strings_booleans_and_special_values() throws Exception {
    assertThat(pick("{\"v\":\"0.5\"}", "$.v")).isEqualTo(Value.of(0.5));
    assertThat(pick("{\"v\":true}", "$.v")).isEqualTo(Value.of(1.0));
    assertThat(pick("{\"v\":\"+Inf\"}", "$.v")).isEqualTo(Value.of(Double.POSITIVE_INFINITY));
    assertThat(pick("{\"v\":\"Infinity\"}", "$.v")).isEqualTo(Value.of(Double.POSITIVE_INFINITY));
    assertThat(pick("{\"v\":\"-Inf\"}", "$.v")).isEqualTo(Value.of(Double.NEGATIVE_INFINITY));
    assertThat(pick("{\"v\":\"NaN\"}", "$.v").isEmptyOrNaN()).isTrue();
  }

  @Test
  void a_missing_field_an_object_or_a_word_is_an_error_naming_the_path() {
    assertThatThrownBy(() -> pick("{\"a\":1}", "$.b"))
        .isInstanceOf(MeasurementException.class)
        .hasMessageContaining("$.b is missing");
    assertThatThrownBy(() -> pick("{\"a\":{}}", "$.a"))
        .isInstanceOf(MeasurementException.class)
        .hasMessageContaining("an object, not a number");
    assertThatThrownBy(() -> pick("{\"a\":\"high\"}", "$.a"))
        .isInstanceOf(MeasurementException.class)
        .hasMessageContaining("not a number: 'high'");
    assertThatThrownBy(() -> pick("{\"a\":[1]}", "a[0]"))
        .isInstanceOf(MeasurementException.class)
        .hasMessageContaining("must start with $");
    assertThatThrownBy(() -> pick("{\"a\":[1]}", "$.a[0"))
        .isInstanceOf(MeasurementException.class)
        .hasMessageContaining("unclosed [");
  }
}
