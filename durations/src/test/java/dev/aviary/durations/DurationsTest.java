package dev.aviary.durations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class DurationsTest {

  @Test
  void a_number_and_a_unit_from_microseconds_to_hours() {
    assertThat(Durations.parse("250us")).isEqualTo(Duration.ofNanos(250_000));
    assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Durations.parse("5s")).isEqualTo(Duration.ofSeconds(5));
    assertThat(Durations.parse("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(Durations.parse("2h")).isEqualTo(Duration.ofHours(2));
  }

  @Test
  void parts_add_up_and_numbers_may_have_a_fraction() {
    assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(Durations.parse("1m30s250ms")).isEqualTo(Duration.ofMillis(90_250));
    assertThat(Durations.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThat(Durations.parse("0.25ms")).isEqualTo(Duration.ofNanos(250_000));
  }

  @Test
  void zero_alone_and_iso_8601() {
    assertThat(Durations.parse("0")).isEqualTo(Duration.ZERO);
    assertThat(Durations.parse("0s")).isEqualTo(Duration.ZERO);
    assertThat(Durations.parse("PT20S")).isEqualTo(Duration.ofSeconds(20));
    assertThat(Durations.parse("PT1M30.5S")).isEqualTo(Duration.ofMillis(90_500));
    assertThat(Durations.parse("P1D")).isEqualTo(Duration.ofHours(24));
  }

  @Test
  void anything_else_is_refused_with_the_expected_form() {
    for (String bad :
        new String[] {
          "5", "-5s", "5 s", "5x", "1.s", ".5s", "", "P", "PT", "pt5s", "PT-5S", "5S"
        }) {
      assertThatThrownBy(() -> Durations.parse(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("must be a duration such as 30s, 5m, 1h30m or 250ms, got '" + bad + "'");
    }
    assertThatThrownBy(() -> Durations.parse(null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Durations.parse("999999999h"))
        .hasMessageContaining("at most 292 years");
  }

  @Test
  void format_writes_the_largest_exact_unit_and_reads_back() {
    assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
    assertThat(Durations.format(Duration.ofNanos(1_500_000))).isEqualTo("1500us");
    assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
    assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90s");
    assertThat(Durations.format(Duration.ofMinutes(2))).isEqualTo("2m");
    assertThat(Durations.format(Duration.ofHours(3))).isEqualTo("3h");
    for (Duration d :
        new Duration[] {
          Duration.ofNanos(7000), Duration.ofMillis(3), Duration.ofSeconds(61), Duration.ofHours(25)
        }) {
      assertThat(Durations.parse(Durations.format(d))).isEqualTo(d);
    }
  }

  @Test
  void the_regex_for_schemas_agrees_with_the_parser() {
    Pattern p = Pattern.compile(Durations.REGEX);
    assertThat(p.matcher("1h30m").matches()).isTrue();
    assertThat(p.matcher("PT20S").matches()).isTrue();
    assertThat(p.matcher("0").matches()).isTrue();
    assertThat(p.matcher("5").matches()).isFalse();
    assertThat(p.matcher("5 minutes").matches()).isFalse();
  }
}
