package dev.aviary.spec.condition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;

class ConditionPropertiesTest {

  @Property
  void comparisons_agree_with_java_arithmetic(
      @ForAll @DoubleRange(min = -1e6, max = 1e6) double r,
      @ForAll @DoubleRange(min = -1e6, max = 1e6) double limit) {
    String l = Double.toString(limit).replace("E", "e");
    assertThat(Condition.parse("result < " + l).test(Value.of(r), null)).isEqualTo(r < limit);
    assertThat(Condition.parse("result >= " + l).test(Value.of(r), null)).isEqualTo(r >= limit);
    assertThat(Condition.parse("!(result < " + l + ")").test(Value.of(r), null))
        .isEqualTo(!(r < limit));
  }

  @Property
  void arithmetic_matches_java_for_random_expressions(@ForAll("expressions") Expr e) {
    double expected = e.value();
    if (Double.isNaN(expected)) {
      return;
    }
    assertThat(
            Condition.parse(e.text() + " == " + Double.toString(expected).replace("E", "e"))
                .test(Value.of(0), null))
        .as(e.text())
        .isTrue();
  }

  @Property
  void no_data_is_never_judged_true(@ForAll("conditions") String condition) {
    Condition c = Condition.parse(condition);
    assertThatThrownBy(() -> c.test(Value.of(Double.NaN), Value.of(1)))
        .isInstanceOf(EvaluationException.class);
    assertThatThrownBy(() -> c.test(Value.of(new double[0]), Value.of(1)))
        .isInstanceOf(EvaluationException.class);
  }

  @Property
  void any_text_either_parses_or_fails_with_a_position_inside_it(@ForAll("noise") String text) {
    try {
      Condition.parse(text);
    } catch (ConditionException e) {
      assertThat(e.position()).isBetween(0, text.length());
    }
  }

  record Expr(String text, double value) {}

  @Provide
  Arbitrary<Expr> expressions() {
    return expr(3);
  }

  private Arbitrary<Expr> expr(int depth) {
    Arbitrary<Expr> leaf =
        Arbitraries.integers().between(0, 100).map(i -> new Expr(Integer.toString(i), i));
    if (depth == 0) {
      return leaf;
    }
    Arbitrary<Expr> sub = Arbitraries.lazy(() -> expr(depth - 1));
    Arbitrary<Expr> binary =
        Combinators.combine(sub, sub, Arbitraries.of("+", "-", "*"))
            .as(
                (a, b, op) ->
                    new Expr(
                        "(" + a.text() + " " + op + " " + b.text() + ")",
                        switch (op) {
                          case "+" -> a.value() + b.value();
                          case "-" -> a.value() - b.value();
                          default -> a.value() * b.value();
                        }));
    Arbitrary<Expr> neg = sub.map(a -> new Expr("-" + a.text(), -a.value()));
    return Arbitraries.oneOf(leaf, binary, neg);
  }

  @Provide
  Arbitrary<String> conditions() {
    Arbitrary<String> atom =
        Combinators.combine(
                Arbitraries.of("result", "result[0]", "baseline", "result * 2", "1"),
                Arbitraries.of("<", "<=", ">", ">=", "==", "!="),
                Arbitraries.of("0", "1", "baseline", "result", "0.5"))
            .as((a, op, b) -> a + " " + op + " " + b);
    return Combinators.combine(atom, atom, Arbitraries.of("&&", "||"), Arbitraries.of("", "!"))
        .as((a, b, op, not) -> not + "(" + a + " " + op + " " + b + ")");
  }

  @Provide
  Arbitrary<String> noise() {
    return Arbitraries.strings()
        .withChars("result baseline()[]<>=!&|+-*/%0123456789.e len")
        .ofMaxLength(30);
  }
}
