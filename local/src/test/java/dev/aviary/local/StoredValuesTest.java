package dev.aviary.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aviary.engine.Observations.MeasurementResult;
import dev.aviary.spec.condition.Value;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StoredValuesTest {
  @Test
  void numbers_are_a_json_array_and_non_finite_ones_strings() {
    assertThat(StoredValues.json(Value.of(0.5))).isEqualTo("[0.5]");
    assertThat(
            StoredValues.json(Value.of(new double[] {1e-5, Double.NaN, Double.POSITIVE_INFINITY})))
        .isEqualTo("[1.0E-5,\"NaN\",\"Infinity\"]");
    assertThat(StoredValues.json(null)).isNull();
  }

  @Test
  void what_is_written_reads_back() {
    Value v = Value.of(new double[] {0.25, Double.NEGATIVE_INFINITY});
    assertThat(StoredValues.read(StoredValues.json(v))).isEqualTo(v);
    assertThat(StoredValues.read("[2.0]")).isEqualTo(Value.of(2.0));
    assertThat(StoredValues.read(null)).isNull();
  }

  @Test
  void a_value_that_does_not_read_is_an_error_with_its_cause_not_a_silent_null() {
    assertThatThrownBy(() -> StoredValues.read("[0.5"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[0.5")
        .hasCauseInstanceOf(com.fasterxml.jackson.core.JsonProcessingException.class);
    assertThatThrownBy(() -> StoredValues.read("[\"many\"]"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasCauseInstanceOf(NumberFormatException.class);
    assertThatThrownBy(() -> StoredValues.read("{\"a\":1}"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void a_result_round_trips_through_the_stored_form() {
    Instant at = Instant.parse("2026-01-01T00:00:00Z");
    MeasurementResult r = new MeasurementResult("q1", at, Value.of(0.1), Value.of(0.2), 50L, null);
    Store.StoredMeasurement s = StoredValues.stored(r, "fraud", "error-rate", "fraud-abc");
    assertThat(s.deployment()).isEqualTo("fraud");
    assertThat(s.metric()).isEqualTo("error-rate");
    assertThat(StoredValues.result(s)).isEqualTo(r);
  }
}
