package dev.aviary.local;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aviary.engine.Decision;
import dev.aviary.engine.MetricQuery;
import dev.aviary.engine.Observations;
import dev.aviary.engine.Observations.MeasurementResult;
import dev.aviary.engine.RolloutEngine;
import dev.aviary.engine.RolloutStatus;
import dev.aviary.engine.Topology;
import dev.aviary.spec.ModelDeployment;
import dev.aviary.spec.SpecDocuments;
import dev.aviary.spec.condition.Value;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Which measurements the control loop starts, driven by the real engine with a clock the test moves
 * in the loop's 500 ms ticks: the analysis asks for an error rate every 30 s, 3 times.
 */
class PendingMeasurementsTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration TICK = ofMillis(500);

  private static String text(String version) {
    return """
           apiVersion: aviary.dev/v1alpha1
           kind: AnalysisTemplate
           metadata: {name: error-rate}
           spec:
             metrics:
               - name: error-rate
                 provider: {builtin: {metric: errorRate}}
                 interval: 30s
                 count: 3
                 successCondition: result <= 0.05
           ---
           apiVersion: aviary.dev/v1alpha1
           kind: ModelDeployment
           metadata: {name: fraud}
           spec:
             model: {name: fraud, version: "%s", uri: "file:fraud.onnx"}
             replicas: 2
             strategy:
               canary:
                 steps:
                   - setWeight: 50
                   - analysis: {templates: [{templateName: error-rate}]}
           """
        .formatted(version);
  }

  /** The loop's part around the engine, with the store as a map and measurements run by hand. */
  static final class Loop {
    RolloutEngine engine;
    ModelDeployment spec;
    RolloutStatus status;
    Decision last;
    Instant now = T0;
    PendingMeasurements pending = new PendingMeasurements();
    final Map<String, MeasurementResult> stored = new HashMap<>();
    final List<MetricQuery> started = new ArrayList<>();
    final List<Instant> startedAt = new ArrayList<>();
    final List<MetricQuery> running = new ArrayList<>();

    /**
     * Measurements finish on the tick after they start, with this value; null leaves them running.
     */
    Double answer = 0.01;

    String error;

    Loop deploy(String version) {
      try {
        SpecDocuments docs = SpecDocuments.parse(text(version));
        engine = new RolloutEngine(docs.templatesByName());
        spec = docs.deployments().get(0);
      } catch (dev.aviary.spec.SpecReadException e) {
        throw new AssertionError(e);
      }
      return this;
    }

    void tick() {
      if (answer != null || error != null) {
        for (MetricQuery q : running) {
          MeasurementResult r =
              new MeasurementResult(
                  q.id(), now, error == null ? Value.of(answer) : null, null, 1000L, error);
          stored.put(q.id(), r);
          pending.finished(r);
        }
        running.clear();
      }
      List<MeasurementResult> results =
          last == null
              ? List.of()
              : pending.resultsFor(last.queries(), id -> Optional.ofNullable(stored.get(id)));
      Map<String, Observations.Replicas> ready = new LinkedHashMap<>();
      if (last != null) {
        for (Topology.Placement p : last.topology().revisions()) {
          ready.put(p.revision().id(), new Observations.Replicas(p.replicas(), p.replicas()));
        }
      }
      last = engine.next(spec, status, new Observations(ready, results, List.of()), now);
      status = last.status();
      List<MetricQuery> start = pending.start(last.queries());
      started.addAll(start);
      start.forEach(q -> startedAt.add(now));
      running.addAll(start);
    }

    Loop runFor(Duration d) {
      Instant end = now.plus(d);
      while (now.isBefore(end)) {
        tick();
        now = now.plus(TICK);
      }
      return this;
    }

    /** Milliseconds between one measurement's start and the next one's. */
    List<Long> gaps() {
      List<Long> out = new ArrayList<>();
      for (int i = 1; i < startedAt.size(); i++) {
        out.add(Duration.between(startedAt.get(i - 1), startedAt.get(i)).toMillis());
      }
      return out;
    }
  }

  Loop loop;

  @BeforeEach
  void stableThenCanary() {
    loop = new Loop().deploy("1");
    loop.runFor(ofSeconds(5));
    assertThat(loop.started).isEmpty();
    loop.deploy("2");
  }

  @Nested
  @DisplayName("schedule")
  class Schedule {
    @Test
    void
        each_measurement_of_the_analysis_starts_once_at_its_interval_and_no_more_after_the_count() {
      loop.runFor(ofSeconds(120));
      assertThat(loop.started).hasSize(3);
      assertThat(loop.started).extracting(MetricQuery::id).doesNotHaveDuplicates();
      // The interval counts from the previous result, which comes one tick after its start.
      assertThat(loop.gaps()).containsExactly(30_500L, 30_500L);
      assertThat(loop.status.phase().name()).isEqualTo("Healthy");
    }

    @Test
    void a_measurement_that_is_still_running_is_not_started_again() {
      loop.answer = null;
      loop.runFor(ofSeconds(90));
      assertThat(loop.started).hasSize(1);
      assertThat(loop.pending.running()).containsExactly(loop.started.get(0).id());
      loop.answer = 0.01;
      loop.runFor(ofSeconds(1));
      assertThat(loop.pending.running()).isEmpty();
    }

    @Test
    void a_failed_measurement_is_not_retried_under_the_same_id_the_engine_asks_again_later() {
      loop.answer = null;
      loop.error = "prometheus unreachable";
      loop.runFor(ofSeconds(60));
      assertThat(loop.started).hasSize(2);
      assertThat(loop.started).extracting(MetricQuery::id).doesNotHaveDuplicates();
      assertThat(loop.gaps()).containsExactly(30_500L);
    }
  }

  @Nested
  @DisplayName("results")
  class Results {
    @Test
    void a_result_stored_before_a_restart_is_used_instead_of_measuring_again() {
      loop.answer = null;
      loop.runFor(ofSeconds(1));
      MetricQuery q = loop.started.get(0);
      loop.stored.put(q.id(), MeasurementResult.of(q.id(), loop.now, 0.01));
      loop.pending = new PendingMeasurements(); // the platform restarted
      loop.running.clear();
      loop.runFor(ofSeconds(1));
      assertThat(loop.started).hasSize(1);
      loop.answer = 0.01;
      loop.runFor(ofSeconds(30));
      assertThat(loop.started).hasSize(2);
    }

    @Test
    void results_are_handed_back_while_asked_for_and_forgotten_after() {
      PendingMeasurements p = new PendingMeasurements();
      MetricQuery q = new MetricQuery("q1", "run", "error-rate", null, "fraud-2", null, null, T0);
      assertThat(p.start(List.of(q))).containsExactly(q);
      assertThat(p.resultsFor(List.of(q), id -> Optional.empty())).isEmpty();
      p.finished(MeasurementResult.of("q1", T0, 0.5));
      assertThat(p.resultsFor(List.of(q), id -> Optional.empty()))
          .extracting(MeasurementResult::queryId)
          .containsExactly("q1");
      assertThat(p.start(List.of(q))).isEmpty();
      assertThat(p.start(List.of())).isEmpty();
      assertThat(p.resultsFor(List.of(q), id -> Optional.empty())).isEmpty();
    }

    @Test
    void an_abandoned_measurement_is_started_again() {
      PendingMeasurements p = new PendingMeasurements();
      MetricQuery q = new MetricQuery("q1", "run", "error-rate", null, "fraud-2", null, null, T0);
      p.start(List.of(q));
      p.abandoned("q1");
      assertThat(p.start(List.of(q))).containsExactly(q);
    }
  }
}
