package dev.aviary.spec.condition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConditionTest {

  static boolean eval(String text, Value result) {
    return Condition.parse(text).test(result, null);
  }

  static boolean eval(String text, Value result, Value baseline) {
    return Condition.parse(text).test(result, baseline);
  }

  @Nested
  class Evaluation {
    @ParameterizedTest(name = "{0} with result {1} is {2}")
    @CsvSource(
        delimiter = ';',
        value = {
          "result < 0.05; 0.01; true",
          "result < 0.05; 0.05; false",
          "result <= 0.05; 0.05; true",
          "result > 1 && result < 3; 2; true",
          "result > 1 && result < 3; 3; false",
          "result < 1 || result > 3; 4; true",
          "!(result > 1); 0.5; true",
          "! result > 1; 2; false",
          "result * 2 + 1 == 5; 2; true",
          "1 + 2 * 3 == 7; 0; true",
          "(1 + 2) * 3 == 9; 0; true",
          "-result == -2; 2; true",
          "result % 3 == 1; 7; true",
          "result / 4 >= 0.5; 2; true",
          "result != 2; 2; false",
          "1e-3 < result; 0.01; true",
          "true; 0; true",
          "false || result == 0; 0; true",
          "result[0] < 1; 0.5; true",
          "(result > 1) == true; 2; true",
        })
    void evaluates_comparisons_arithmetic_and_logic(String text, double result, boolean expected) {
      assertThat(eval(text, Value.of(result))).isEqualTo(expected);
    }

    @Test
    void indexes_vectors_and_measures_their_length() {
      Value v = Value.of(new double[] {0.1, 0.9});
      assertThat(eval("result[0] < 0.5 && result[1] > 0.5", v)).isTrue();
      assertThat(eval("len(result) == 2", v)).isTrue();
      assertThat(eval("result[0 + 1] == 0.9", v)).isTrue();
    }

    @Test
    void compares_against_the_baseline() {
      assertThat(eval("result <= baseline * 1.2", Value.of(0.11), Value.of(0.1))).isTrue();
      assertThat(eval("result <= baseline * 1.2", Value.of(0.13), Value.of(0.1))).isFalse();
      assertThat(Condition.parse("result <= baseline").usesBaseline()).isTrue();
      assertThat(Condition.parse("result <= 1").usesBaseline()).isFalse();
    }
  }

  @Nested
  class NoData {
    @Test
    void empty_vector_result_is_no_data_never_true() {
      assertThatThrownBy(() -> eval("result[0] < 1", Value.of(new double[0])))
          .isInstanceOfSatisfying(EvaluationException.class, e -> assertThat(e.noData()).isTrue());
      assertThatThrownBy(() -> eval("len(result) == 0", Value.of(new double[0])))
          .isInstanceOfSatisfying(EvaluationException.class, e -> assertThat(e.noData()).isTrue());
    }

    @Test
    void nan_result_or_baseline_is_no_data() {
      assertThatThrownBy(() -> eval("!(result > 1)", Value.of(Double.NaN)))
          .isInstanceOfSatisfying(EvaluationException.class, e -> assertThat(e.noData()).isTrue());
      assertThatThrownBy(() -> eval("result < baseline", Value.of(1), Value.of(Double.NaN)))
          .isInstanceOfSatisfying(EvaluationException.class, e -> assertThat(e.noData()).isTrue());
    }

    @Test
    void nan_made_by_arithmetic_is_no_data_in_a_comparison() {
      assertThatThrownBy(() -> eval("result / 0 * 0 < 1", Value.of(0)))
          .isInstanceOfSatisfying(EvaluationException.class, e -> assertThat(e.noData()).isTrue());
    }

    @Test
    void a_missing_baseline_is_an_error() {
      assertThatThrownBy(() -> eval("result < baseline", Value.of(1)))
          .isInstanceOf(EvaluationException.class)
          .hasMessageContaining("no baseline");
    }
  }

  @Nested
  class TypeErrors {
    @Test
    void a_vector_used_as_a_number_is_an_error_with_a_hint() {
      assertThatThrownBy(() -> eval("result < 1", Value.of(new double[] {1, 2})))
          .isInstanceOfSatisfying(EvaluationException.class, e -> assertThat(e.noData()).isFalse())
          .hasMessageContaining("index it, e.g. result[0]");
    }

    @Test
    void a_condition_that_is_not_boolean_is_an_error() {
      assertThatThrownBy(() -> eval("result + 1", Value.of(1)))
          .isInstanceOf(EvaluationException.class)
          .hasMessageContaining("must give true or false");
      assertThatThrownBy(() -> eval("result && true", Value.of(1)))
          .isInstanceOf(EvaluationException.class)
          .hasMessageContaining("needs true or false");
    }

    @Test
    void out_of_range_index_is_an_error() {
      assertThatThrownBy(() -> eval("result[2] < 1", Value.of(new double[] {1, 2})))
          .isInstanceOf(EvaluationException.class)
          .hasMessageContaining("outside a vector of 2");
    }
  }

  @Nested
  class Syntax {
    @ParameterizedTest(name = "''{0}'' fails at {1}")
    @CsvSource(
        delimiter = ';',
        value = {
          "result <<= 1; 8; unexpected '<'",
          "result = 1; 7; use '=='",
          "result < 1 < 2; 11; cannot be chained",
          "(result < 1; 11; expected ')'",
          "result[0 < 1; 12; expected ']'",
          "exec(1); 0; unknown name 'exec'",
          "result < 1 &; 11; unexpected '&'",
          "result <; 8; ends too early",
          "1..2 < result; 0; malformed number",
          "'  '; 0; empty",
        })
    void reports_the_position_of_syntax_errors(String text, int position, String message) {
      String t = text.equals("'  '") ? "  " : text;
      assertThatThrownBy(() -> Condition.parse(t))
          .isInstanceOfSatisfying(
              ConditionException.class, e -> assertThat(e.position()).isEqualTo(position))
          .hasMessageContaining(message);
    }

    @Test
    void refuses_nesting_and_chains_deeper_than_the_limits_instead_of_overflowing_the_stack() {
      String parens = "(".repeat(5000) + "result" + ")".repeat(5000) + " < 1";
      assertThatThrownBy(() -> Condition.parse(parens))
          .isInstanceOfSatisfying(
              ConditionException.class, e -> assertThat(e.position()).isEqualTo(64))
          .hasMessageContaining("nested deeper than 64 levels");
      assertThatThrownBy(() -> Condition.parse("!".repeat(5000) + "true"))
          .hasMessageContaining("nested deeper than 64 levels");
      assertThatThrownBy(() -> Condition.parse("-".repeat(5000) + "1 < result"))
          .hasMessageContaining("nested deeper than 64 levels");
      assertThatThrownBy(() -> Condition.parse("result" + " + 1".repeat(5000) + " > 0"))
          .hasMessageContaining("more than 256 operators");
      assertThatThrownBy(() -> Condition.parse("result" + "[0]".repeat(5000) + " > 0"))
          .hasMessageContaining("more than 256 operators");

      String deepest = "(".repeat(63) + "result" + ")".repeat(63) + " < 1";
      assertThat(Condition.parse(deepest).test(Value.of(0.5), null)).isTrue();
      String longest = "result" + " + 0".repeat(254) + " < 1";
      assertThat(Condition.parse(longest).test(Value.of(0.5), null)).isTrue();
    }
  }
}
