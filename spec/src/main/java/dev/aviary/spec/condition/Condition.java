package dev.aviary.spec.condition;

import java.util.Objects;

/**
 * A parsed condition such as {@code result[0] < 0.05 && result <= baseline * 1.2}.
 *
 * <p>Grammar (lowest precedence first): {@code ||}, {@code &&}, {@code !}, comparisons ({@code < <=
 * > >= == !=}, not chained), {@code + -}, {@code * / %}, unary {@code -}, indexing {@code x[i]},
 * atoms: numbers, {@code true}, {@code false}, {@code result}, {@code baseline}, {@code len(x)},
 * parentheses. No names other than these exist, so a condition cannot run code.
 */
public final class Condition {
  private final String text;
  private final Node root;

  private Condition(String text, Node root) {
    this.text = text;
    this.root = root;
  }

  /** Parses a condition or throws {@link ConditionException} with the position of the mistake. */
  public static Condition parse(String text) {
    Objects.requireNonNull(text, "text");
    return new Condition(text, new Parser(text).parseAll());
  }

  /** True when the condition mentions {@code baseline}. */
  public boolean usesBaseline() {
    return root.usesBaseline();
  }

  /**
   * Evaluates to true or false. Throws {@link EvaluationException} when the values cannot be
   * judged: an empty or NaN result (noData), a vector used as a number, a missing baseline.
   *
   * @param baseline the same metric measured on the stable revision, or null when not measured
   */
  public boolean test(Value result, Value baseline) {
    Objects.requireNonNull(result, "result");
    if (result.isEmptyOrNaN()) {
      throw new EvaluationException("result is empty or NaN: " + result, true);
    }
    if (root.usesBaseline()) {
      if (baseline == null) {
        throw new EvaluationException(
            "condition uses baseline but no baseline was measured", false);
      }
      if (baseline.isEmptyOrNaN()) {
        throw new EvaluationException("baseline is empty or NaN: " + baseline, true);
      }
    }
    Object v = root.eval(new Node.Env(result, baseline));
    if (!(v instanceof Boolean b)) {
      throw new EvaluationException(
          "condition must give true or false, got " + Node.describe(v), false);
    }
    return b;
  }

  public String text() {
    return text;
  }

  @Override
  public String toString() {
    return text;
  }
}
