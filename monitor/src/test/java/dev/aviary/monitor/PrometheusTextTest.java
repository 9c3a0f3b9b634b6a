package dev.aviary.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import net.jqwik.api.Example;

class PrometheusTextTest {

  @Example
  void reads_names_labels_and_values_and_skips_comments() {
    String text =
        "# HELP aviary_inference_requests_total Inference requests\n"
            + "# TYPE aviary_inference_requests_total counter\n"
            + "aviary_inference_requests_total{model=\"fraud\",outcome=\"success\"} 12.0\n"
            + "\n"
            + "process_uptime_seconds 3.5 1700000000000\n";
    assertThat(PrometheusText.parse(text))
        .containsExactly(
            new PrometheusText.Sample(
                "aviary_inference_requests_total",
                Map.of("model", "fraud", "outcome", "success"),
                12.0),
            new PrometheusText.Sample("process_uptime_seconds", Map.of(), 3.5));
  }

  @Example
  void label_values_may_hold_escapes_braces_and_commas() {
    List<PrometheusText.Sample> s =
        PrometheusText.parse("m{path=\"/a,b}\",msg=\"say \\\"hi\\\"\\n\",le=\"+Inf\"} 1\n");
    assertThat(s)
        .singleElement()
        .extracting(PrometheusText.Sample::labels)
        .isEqualTo(Map.of("path", "/a,b}", "msg", "say \"hi\"\n", "le", "+Inf"));
  }

  @Example
  void special_values_are_numbers() {
    assertThat(PrometheusText.parse("a +Inf\nb -Inf\nc NaN\n"))
        .extracting(PrometheusText.Sample::value)
        .containsExactly(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN);
  }

  @Example
  void lines_that_are_not_samples_are_skipped() {
    String text =
        "a{le=\"0.5\"} lots\n" // no number
            + "b{le=\"0.5\" 3\n" // unclosed labels
            + "c{le=0.5} 3\n" // unquoted label value
            + "<html>\n"
            + "d 1 2 3\n" // too many fields
            + "e 2\n";
    assertThat(PrometheusText.parse(text))
        .containsExactly(new PrometheusText.Sample("e", Map.of(), 2.0));
  }

  @Example
  void a_value_is_spelled_as_the_format_spells_it() {
    assertThat(PrometheusText.value("1e3")).isEqualTo(1000.0);
    assertThatThrownBy(() -> PrometheusText.value("Infinity"))
        .isInstanceOf(NumberFormatException.class);
    assertThatThrownBy(() -> PrometheusText.value("1d")).isInstanceOf(NumberFormatException.class);
  }
}
