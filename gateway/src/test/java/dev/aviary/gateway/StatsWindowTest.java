package dev.aviary.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class StatsWindowTest {

  @Test
  void the_window_is_read_with_the_one_duration_grammar_or_as_plain_seconds() {
    assertThat(AdminServer.parseWindow("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(AdminServer.parseWindow("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(AdminServer.parseWindow("1500ms")).isEqualTo(Duration.ofMillis(1500));
    assertThat(AdminServer.parseWindow("1m30s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(AdminServer.parseWindow("PT45S")).isEqualTo(Duration.ofSeconds(45));
    assertThat(AdminServer.parseWindow("45")).isEqualTo(Duration.ofSeconds(45));
  }

  @Test
  void a_window_outside_one_second_to_five_minutes_or_unreadable_is_refused() {
    assertThat(AdminServer.parseWindow("500ms")).isNull();
    assertThat(AdminServer.parseWindow("0")).isNull();
    assertThat(AdminServer.parseWindow("301")).isNull();
    assertThat(AdminServer.parseWindow("1h")).isNull();
    assertThat(AdminServer.parseWindow("soon")).isNull();
    assertThat(AdminServer.parseWindow("-5s")).isNull();
    assertThat(AdminServer.parseWindow("")).isNull();
  }
}
