package dev.aviary.engine;

import static dev.aviary.engine.Specs.metric;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aviary.engine.Observations.MeasurementResult;
import dev.aviary.spec.Metric;
import dev.aviary.spec.condition.Value;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class AnalysisEvaluatorTest {
  static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

  static Measurement judge(Metric m, Value v) {
    return AnalysisEvaluator.judge(m, new MeasurementResult("q", T, v, null, 1000L, null), 0);
  }

  @Test
  void failure_condition_is_checked_before_success_condition() {
    Metric m = metric("m").success("result < 10").failure("result > 5").build();
    assertThat(judge(m, Value.of(7)).phase()).isEqualTo(Measurement.Phase.Failed);
    assertThat(judge(m, Value.of(3)).phase()).isEqualTo(Measurement.Phase.Successful);
  }

  @Test
  void only_a_failure_condition_means_success_when_it_is_not_met() {
    Metric m = metric("m").failure("result > 5").build();
    assertThat(judge(m, Value.of(3)).phase()).isEqualTo(Measurement.Phase.Successful);
    assertThat(judge(m, Value.of(9)).phase()).isEqualTo(Measurement.Phase.Failed);
  }

  @Test
  void a_condition_mistake_for_these_values_is_an_error_not_a_verdict() {
    Metric m = metric("m").success("result < 1").build();
    Measurement x = judge(m, Value.of(new double[] {1, 2}));
    assertThat(x.phase()).isEqualTo(Measurement.Phase.Error);
    assertThat(x.reason()).contains("index it");
  }

  @Test
  void min_sample_size_without_a_reported_sample_size_is_an_error() {
    Metric m = metric("m").success("result < 1").minSampleSize(10).build();
    Measurement x =
        AnalysisEvaluator.judge(m, new MeasurementResult("q", T, Value.of(0), null, null, null), 0);
    assertThat(x.phase()).isEqualTo(Measurement.Phase.Error);
  }

  @Test
  void measurements_for_unknown_query_ids_are_ignored_and_repeats_are_harmless() {
    Metric m = metric("m").success("result < 1").every(Duration.ofMinutes(1), 2).build();
    AnalysisRun run = AnalysisRun.start(AnalysisRun.Kind.Step, 1, "rev", T, 1);
    Map<String, MeasurementResult> in = new LinkedHashMap<>();
    in.put("other/m/0", MeasurementResult.of("other/m/0", T, 0));
    in.put(AnalysisEvaluator.queryId(run, "m", 0), MeasurementResult.of("x", T, 0.5));
    AnalysisRun once = AnalysisEvaluator.update(run, List.of(m), in);
    AnalysisRun twice = AnalysisEvaluator.update(once, List.of(m), in);
    assertThat(once.metrics().get(0).measurements()).hasSize(1);
    assertThat(twice).isEqualTo(once);
  }

  @Test
  void count_and_interval_decide_which_measurements_are_due() {
    Metric m =
        metric("m")
            .success("result < 1")
            .initialDelay(Duration.ofSeconds(10))
            .every(Duration.ofMinutes(1), 2)
            .build();
    AnalysisRun run = AnalysisRun.start(AnalysisRun.Kind.Step, 0, "rev", T, 1);
    assertThat(AnalysisEvaluator.due(run, List.of(m), null, T)).isEmpty();
    assertThat(AnalysisEvaluator.nextDue(run, List.of(m), T)).isEqualTo(T.plusSeconds(10));
    assertThat(AnalysisEvaluator.due(run, List.of(m), null, T.plusSeconds(10)))
        .extracting(MetricQuery::id)
        .containsExactly(run.id() + "/m/0");
  }

  /**
   * Any sequence of verdicts: the run is Successful only with at least one success and never with
   * every measurement errored; a failure beyond the limit always fails it.
   */
  @Property
  void run_phase_respects_the_limits(@ForAll("outcomes") List<String> outcomes) {
    Metric m =
        metric("m")
            .success("result < 1")
            .failure("result > 2")
            .every(Duration.ofSeconds(30), outcomes.size())
            .failureLimit(1)
            .inconclusiveLimit(1)
            .consecutiveErrorLimit(2)
            .build();
    List<Measurement> ms = new ArrayList<>();
    for (String o : outcomes) {
      Value v =
          switch (o) {
            case "ok" -> Value.of(0.5);
            case "fail" -> Value.of(3);
            case "inc" -> Value.of(1.5);
            case "nan" -> Value.of(Double.NaN);
            default -> null;
          };
      MeasurementResult r =
          v == null
              ? MeasurementResult.failed("q", T, "down")
              : new MeasurementResult("q", T, v, null, 1000L, null);
      ms.add(AnalysisEvaluator.judge(m, r, ms.size()));
    }
    MetricResult r = AnalysisEvaluator.assess(m, ms);
    if (r.phase() == AnalysisPhase.Successful) {
      assertThat(r.successful()).isPositive();
      assertThat(r.failed()).isLessThanOrEqualTo(1);
      assertThat(r.error()).isLessThan(r.judged());
    }
    if (r.failed() > 1) {
      assertThat(r.phase()).isEqualTo(AnalysisPhase.Failed);
    }
    if (r.error() == outcomes.size()) {
      assertThat(r.phase()).isIn(AnalysisPhase.Error, AnalysisPhase.Running);
    }
  }

  @Provide
  Arbitrary<List<String>> outcomes() {
    return Arbitraries.of("ok", "fail", "inc", "nan", "error").list().ofMinSize(1).ofMaxSize(8);
  }
}
