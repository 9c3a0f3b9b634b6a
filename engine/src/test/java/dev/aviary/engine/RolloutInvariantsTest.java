package dev.aviary.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aviary.spec.Analysis;
import dev.aviary.spec.CanaryStep;
import dev.aviary.spec.Metric;
import dev.aviary.spec.Strategy;
import dev.aviary.spec.condition.Value;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random specs, readiness, measurements and command sequences; after every decision the safety
 * invariants must hold.
 */
class RolloutInvariantsTest {

  sealed interface Action {}

  record Advance(int seconds) implements Action {}

  record Deploy(String version) implements Action {}

  record Cap(String version, int ready) implements Action {}

  record Answer(String kind, double value) implements Action {}

  record Send(String command, Integer toRevision) implements Action {}

  @Property(tries = 300)
  void safety_invariants_hold_after_every_decision(
      @ForAll("strategies") Strategy strategy,
      @ForAll("replicas") int replicas,
      @ForAll("actions") List<Action> actions) {
    Scenario s = Scenario.fresh(Specs.deployment("1", replicas, strategy));
    s.tick();
    for (Action a : actions) {
      apply(s, a);
      s.tick();
    }
    check(s, strategy instanceof Strategy.BlueGreen);
    for (Decision d : s.decisions) {
      assertThat(RolloutStatusJson.read(RolloutStatusJson.write(d.status())))
          .as("status survives storage")
          .isEqualTo(d.status());
    }
  }

  @Property(tries = 100)
  void the_same_inputs_give_the_same_decision(
      @ForAll("strategies") Strategy strategy, @ForAll("actions") List<Action> actions) {
    Scenario s = Scenario.fresh(Specs.deployment("1", 3, strategy));
    s.tick();
    RolloutEngine other = new RolloutEngine(Map.of());
    RolloutStatus before = s.status;
    for (Action a : actions) {
      apply(s, a);
      Decision d = s.tick();
      Observations facts = s.observed.get(s.observed.size() - 1);
      assertThat(other.next(s.spec, before, facts, s.now)).isEqualTo(d);
      before = d.status();
    }
  }

  private static void apply(Scenario s, Action a) {
    if (a instanceof Advance adv) {
      s.after(Duration.ofSeconds(adv.seconds()));
    } else if (a instanceof Deploy d) {
      s.deploy(d.version());
    } else if (a instanceof Cap c) {
      if (c.ready() < 0) {
        s.uncap(c.version());
      } else {
        s.capReady(c.version(), c.ready());
      }
    } else if (a instanceof Answer ans) {
      for (String metric : List.of("m1", "m2", "bg")) {
        switch (ans.kind()) {
          case "value" -> s.answer(metric, ans.value());
          case "nan" -> s.answer(metric, Double.NaN);
          case "empty" -> s.answer(metric, Value.of(new double[0]), 1000L, null);
          case "low" -> s.answer(metric, Value.of(ans.value()), 3L, null);
          default -> s.answerError(metric, "provider down");
        }
      }
    } else if (a instanceof Send c) {
      switch (c.command()) {
        case "promote" -> s.command(n -> new Command.Promote(n, false));
        case "promoteFull" -> s.command(n -> new Command.Promote(n, true));
        case "abort" -> s.command(Command.Abort::new);
        case "retry" -> s.command(Command.Retry::new);
        case "undo" -> s.command(n -> new Command.Undo(n, c.toRevision()));
        case "pause" -> s.command(Command.Pause::new);
        default -> s.command(Command.Resume::new);
      }
    }
  }

  private static void check(Scenario s, boolean blueGreen) {
    for (int k = 0; k < s.decisions.size(); k++) {
      Decision d = s.decisions.get(k);
      Observations facts = s.observed.get(k);
      Map<String, Integer> weights = d.topology().weights();
      String at = "decision " + k + ": " + d.status().message();
      if (!weights.isEmpty()) {
        assertThat(weights.values().stream().mapToInt(Integer::intValue).sum())
            .as("weights sum to 100, " + at)
            .isEqualTo(100);
      }
      weights.forEach(
          (id, w) -> {
            assertThat(w).as(at).isPositive();
            assertThat(facts.ready(id)).as("traffic only to ready revisions, " + at).isPositive();
            assertThat(d.topology().replicas(id))
                .as("weighted revisions are placed, " + at)
                .isPositive();
          });
      if (d.topology().mirror() != null) {
        assertThat(facts.ready(d.topology().mirror().revisionId())).as(at).isPositive();
      }
      d.topology()
          .headerRoutes()
          .forEach(r -> assertThat(facts.ready(r.revisionId())).as(at).isPositive());
      if (blueGreen) {
        assertThat(weights).as("blue/green never splits, " + at).hasSizeLessThanOrEqualTo(1);
      }
      if (k > 0) {
        Decision prev = s.decisions.get(k - 1);
        prev.topology()
            .weights()
            .forEach(
                (id, w) -> {
                  if (!weights.containsKey(id)) {
                    assertThat(d.topology().replicas(id))
                        .as("traffic moved away before scale-down of " + id + ", " + at)
                        .isGreaterThanOrEqualTo(prev.topology().replicas(id));
                  }
                });
        Revision before = prev.status().stable();
        Revision after = d.status().stable();
        boolean promoted =
            before != null
                && after != null
                && !before.id().equals(after.id())
                && prev.status().candidate() != null
                && prev.status().candidate().id().equals(after.id());
        if (promoted) {
          assertThat(d.status().runs())
              .filteredOn(r -> r.revisionId().equals(after.id()))
              .as("never promoted with a Failed, Error or Inconclusive analysis, " + at)
              .allSatisfy(
                  r ->
                      assertThat(r.phase())
                          .isIn(
                              AnalysisPhase.Successful,
                              AnalysisPhase.Skipped,
                              AnalysisPhase.Running));
        }
      }
    }
  }

  @Provide
  Arbitrary<Integer> replicas() {
    return Arbitraries.integers().between(1, 5);
  }

  @Provide
  Arbitrary<Strategy> strategies() {
    return Arbitraries.oneOf(canaries(), blueGreens());
  }

  private Arbitrary<Metric> metric(String name) {
    return Combinators.combine(
            Arbitraries.integers().between(1, 3),
            Arbitraries.integers().between(0, 1),
            Arbitraries.integers().between(0, 1),
            Arbitraries.integers().between(0, 2),
            Arbitraries.of(true, false),
            Arbitraries.of(true, false))
        .as(
            (count, failureLimit, inconclusiveLimit, errors, withFailure, minSample) ->
                new Metric(
                    name,
                    new dev.aviary.spec.MetricProvider.Builtin("errorRate", Duration.ofMinutes(1)),
                    Duration.ofSeconds(30),
                    null,
                    count,
                    "result < 0.5",
                    withFailure ? "result > 0.8" : null,
                    failureLimit,
                    inconclusiveLimit,
                    errors,
                    minSample ? 10L : null,
                    false));
  }

  private Arbitrary<Strategy> canaries() {
    Arbitrary<CanaryStep> step =
        Arbitraries.oneOf(
            Arbitraries.integers().between(0, 100).map(CanaryStep.SetWeight::new),
            Arbitraries.of(Duration.ofSeconds(30), Duration.ofMinutes(5))
                .injectNull(0.4)
                .map(CanaryStep.Pause::new),
            metric("m1").map(m -> new CanaryStep.AnalysisStep(List.of(), List.of(m), List.of())),
            Arbitraries.integers()
                .between(1, 100)
                .map(p -> new CanaryStep.Shadow(p, Duration.ofSeconds(60))),
            Arbitraries.of("x-a", "x-b")
                .map(h -> new CanaryStep.SetHeaderRoute(h, new CanaryStep.Match(h, null, "1"))));
    Arbitrary<Strategy.BackgroundAnalysis> background =
        metric("bg")
            .map(m -> new Strategy.BackgroundAnalysis(0, List.of(), List.of(m), List.of()))
            .injectNull(0.6);
    return Combinators.combine(step.list().ofMaxSize(5), background)
        .as((steps, bg) -> new Strategy.Canary(steps, bg, null));
  }

  private Arbitrary<Strategy> blueGreens() {
    Arbitrary<Analysis> analysis =
        metric("m2").map(m -> new Analysis(List.of(), List.of(m), List.of())).injectNull(0.5);
    return Combinators.combine(
            Arbitraries.integers().between(1, 5).injectNull(0.5),
            Arbitraries.of(true, false),
            Arbitraries.of(0, 60).injectNull(0.5),
            analysis,
            analysis,
            Arbitraries.of(0, 30, 300))
        .as(
            (preview, auto, seconds, pre, post, delay) ->
                new Strategy.BlueGreen(
                    preview, auto, auto ? seconds : null, pre, post, delay, null));
  }

  @Provide
  Arbitrary<List<Action>> actions() {
    Arbitrary<String> version = Arbitraries.of("1", "2", "3");
    Arbitrary<Action> action =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(5, Arbitraries.of(0, 1, 10, 30, 61, 400).map(Advance::new)),
            net.jqwik.api.Tuple.of(2, version.map(Deploy::new)),
            net.jqwik.api.Tuple.of(
                2,
                Combinators.combine(version, Arbitraries.integers().between(-1, 3)).as(Cap::new)),
            net.jqwik.api.Tuple.of(
                4,
                Combinators.combine(
                        Arbitraries.of("value", "value", "value", "nan", "empty", "low", "error"),
                        Arbitraries.of(0.1, 0.6, 0.9))
                    .as(Answer::new)),
            net.jqwik.api.Tuple.of(
                3,
                Combinators.combine(
                        Arbitraries.of(
                            "promote", "promoteFull", "abort", "retry", "undo", "pause", "resume"),
                        Arbitraries.integers().between(1, 3).injectNull(0.6))
                    .as(Send::new)));
    return action.list().ofMinSize(1).ofMaxSize(40);
  }
}
