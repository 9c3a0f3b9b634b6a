package dev.aviary.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Example;

class FeedbackLedgerTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Example
  void joins_labels_with_predictions_and_counts_accuracy() {
    FeedbackLedger l = new FeedbackLedger(10, Duration.ofHours(1), 100, 2);
    l.predicted("a", List.of("1", "0"), T0);
    l.predicted("b", List.of("0"), T0);
    assertThat(l.labelled("a", List.of("1", "1"), T0)).isEqualTo(FeedbackLedger.Outcome.MATCHED);
    assertThat(l.accuracy()).isEqualTo(0.5);
    assertThat(l.labelled("b", List.of("0"), T0)).isEqualTo(FeedbackLedger.Outcome.MATCHED);
    assertThat(l.accuracy()).isCloseTo(2.0 / 3, org.assertj.core.api.Assertions.within(1e-12));
    assertThat(l.matched()).isEqualTo(2);
  }

  @Example
  void accuracy_is_nan_below_the_minimum() {
    FeedbackLedger l = new FeedbackLedger(10, Duration.ofHours(1), 100, 5);
    l.predicted("a", List.of("1"), T0);
    l.labelled("a", List.of("1"), T0);
    assertThat(l.accuracy()).isNaN();
  }

  @Example
  void unknown_repeated_and_expired_ids_are_unmatched() {
    FeedbackLedger l = new FeedbackLedger(2, Duration.ofMinutes(10), 100, 1);
    l.predicted("a", List.of("1"), T0);
    l.predicted("b", List.of("1"), T0.plusSeconds(1));
    l.predicted("c", List.of("1"), T0.plusSeconds(2));
    assertThat(l.labelled("a", List.of("1"), T0.plusSeconds(3)))
        .as("forgotten: only 2 ids are kept")
        .isEqualTo(FeedbackLedger.Outcome.UNMATCHED);
    assertThat(l.labelled("b", List.of("1"), T0.plusSeconds(3)))
        .isEqualTo(FeedbackLedger.Outcome.MATCHED);
    assertThat(l.labelled("b", List.of("1"), T0.plusSeconds(3)))
        .as("labelled once")
        .isEqualTo(FeedbackLedger.Outcome.UNMATCHED);
    assertThat(l.labelled("c", List.of("1"), T0.plusSeconds(603)))
        .as("expired")
        .isEqualTo(FeedbackLedger.Outcome.UNMATCHED);
    assertThat(l.labelled("zzz", List.of("1"), T0)).isEqualTo(FeedbackLedger.Outcome.UNMATCHED);
    assertThat(l.unmatched()).isEqualTo(4);
    assertThat(l.remembered(T0.plusSeconds(603))).isZero();
  }

  @Example
  void a_label_count_other_than_the_rows_is_refused_and_kept() {
    FeedbackLedger l = new FeedbackLedger(10, Duration.ofHours(1), 100, 1);
    l.predicted("a", List.of("1", "0"), T0);
    assertThat(l.labelled("a", List.of("1"), T0)).isEqualTo(FeedbackLedger.Outcome.WRONG_ROWS);
    assertThat(l.labelled("a", List.of("1", "0"), T0)).isEqualTo(FeedbackLedger.Outcome.MATCHED);
    assertThat(l.accuracy()).isEqualTo(1.0);
  }

  @Example
  void the_accuracy_window_keeps_the_last_rows() {
    FeedbackLedger l = new FeedbackLedger(10, Duration.ofHours(1), 2, 1);
    for (String id : List.of("a", "b", "c")) {
      l.predicted(id, List.of("1"), T0);
    }
    l.labelled("a", List.of("0"), T0);
    l.labelled("b", List.of("1"), T0);
    l.labelled("c", List.of("1"), T0);
    assertThat(l.accuracy()).isEqualTo(1.0);
    assertThat(l.labelledRows()).isEqualTo(2);
  }
}
