package dev.aviary.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReportedTest {
  private final Reported reported = new Reported();

  @Test
  void a_problem_is_new_once_while_it_lasts() {
    assertThat(reported.newOnes("fraud", List.of("file gone"))).containsExactly("file gone");
    assertThat(reported.newOnes("fraud", List.of("file gone"))).isEmpty();
    assertThat(reported.newOnes("fraud", List.of("file gone"))).isEmpty();
  }

  @Test
  void each_cause_and_each_subject_is_reported_on_its_own() {
    reported.newOnes("fraud", List.of("file gone"));
    assertThat(reported.newOnes("fraud", List.of("file gone", "server flag refused")))
        .containsExactly("server flag refused");
    assertThat(reported.newOnes("iris", List.of("file gone"))).containsExactly("file gone");
  }

  @Test
  void a_problem_that_went_away_and_came_back_is_reported_again() {
    reported.newOnes("fraud", List.of("file gone"));
    assertThat(reported.newOnes("fraud", List.of())).isEmpty();
    assertThat(reported.newOnes("fraud", List.of("file gone"))).containsExactly("file gone");
  }

  @Test
  void a_forgotten_subject_starts_over() {
    reported.newOnes("fraud", List.of("file gone"));
    reported.forget("fraud");
    assertThat(reported.newOnes("fraud", List.of("file gone"))).containsExactly("file gone");
  }

  @Test
  void the_same_cause_twice_in_one_call_is_reported_once() {
    assertThat(reported.newOnes("fraud", List.of("a", "a"))).containsExactly("a");
  }
}
