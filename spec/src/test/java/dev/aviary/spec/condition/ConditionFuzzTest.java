package dev.aviary.spec.condition;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Any condition text parses or throws {@link ConditionException} with a position inside it; a
 * parsed condition evaluates to true or false or throws {@link EvaluationException}. Never another
 * exception, and never a stack overflow, however deep the nesting.
 */
class ConditionFuzzTest {
  @FuzzTest(maxDuration = "2m")
  void parseAndEvaluate(FuzzedDataProvider data) {
    double scalar = data.consumeDouble();
    double[] vector = {data.consumeDouble(), data.consumeDouble()};
    String text = data.consumeRemainingAsString();
    Condition condition;
    try {
      condition = Condition.parse(text);
    } catch (ConditionException e) {
      assertThat(e.position()).isBetween(0, text.length());
      return;
    }
    for (Value result : new Value[] {Value.of(scalar), Value.of(vector)}) {
      for (Value baseline : new Value[] {null, Value.of(vector[0]), Value.of(vector)}) {
        try {
          condition.test(result, baseline);
        } catch (EvaluationException e) {
          assertThat(e.getMessage()).isNotBlank();
        }
      }
    }
  }
}
