package dev.aviary.engine;

import dev.aviary.engine.Observations.MeasurementResult;
import dev.aviary.spec.ModelDeployment;
import dev.aviary.spec.Strategy;
import dev.aviary.spec.condition.Value;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Drives the engine the way a backend does, with a clock the test moves: it realises each topology
 * (replicas become ready at once unless capped), answers due queries when told, and sends commands.
 * Every decision is kept so tests can check what happened in between.
 */
final class Scenario {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  final RolloutEngine engine;
  ModelDeployment spec;
  RolloutStatus status;
  Instant now = T0;
  Decision last;
  final List<Decision> decisions = new ArrayList<>();
  final List<Observations> observed = new ArrayList<>();
  private final Map<String, Integer> readyCap = new HashMap<>();
  private final List<Command> commands = new ArrayList<>();
  private final List<MeasurementResult> answers = new ArrayList<>();
  private long seq;

  private Scenario(ModelDeployment spec) {
    this(spec, Map.of());
  }

  private Scenario(ModelDeployment spec, Map<String, dev.aviary.spec.AnalysisTemplate> templates) {
    this.spec = spec;
    this.engine = new RolloutEngine(templates);
  }

  /** A deployment from a parsed document, with the templates its analyses reference. */
  static Scenario fresh(
      ModelDeployment spec, Map<String, dev.aviary.spec.AnalysisTemplate> templates) {
    return new Scenario(spec, templates);
  }

  /** The spec changes to {@code next}. */
  Scenario deploy(ModelDeployment next) {
    spec = next;
    return this;
  }

  /** Answers every due query with {@code value}, whatever its metric. */
  Scenario answerAll(double value) {
    for (MetricQuery q : last.queries()) {
      answer(q.metric(), value);
    }
    return this;
  }

  /** A deployment the engine has not seen yet. */
  static Scenario fresh(ModelDeployment spec) {
    return new Scenario(spec);
  }

  /** Version 1 deployed and healthy with the given strategy. */
  static Scenario stableAt(String version, int replicas, Strategy strategy) {
    Scenario s = new Scenario(Specs.deployment(version, replicas, strategy));
    s.tick();
    s.tick();
    return s;
  }

  /** A new spec version arrives; the engine sees it on the next tick. */
  Scenario deploy(String version) {
    spec = Specs.deployment(version, spec.spec().replicas(), spec.spec().strategy());
    return this;
  }

  Scenario strategy(Strategy s) {
    spec = Specs.deployment(spec.spec().model().version(), spec.spec().replicas(), s);
    return this;
  }

  Scenario after(Duration d) {
    now = now.plus(d);
    return this;
  }

  /** At most {@code n} replicas of the revision of {@code version} become ready. */
  Scenario capReady(String version, int n) {
    readyCap.put(idOf(version), n);
    return this;
  }

  Scenario uncap(String version) {
    readyCap.remove(idOf(version));
    return this;
  }

  Scenario command(java.util.function.LongFunction<Command> c) {
    commands.add(c.apply(++seq));
    return this;
  }

  /** Answers every due query of {@code metric} with {@code value} (sample size 1000). */
  Scenario answer(String metric, double value) {
    return answer(metric, Value.of(value), 1000L, null);
  }

  Scenario answer(String metric, Value value, Long sampleSize, String error) {
    for (MetricQuery q : last.queries()) {
      if (q.metric().equals(metric)) {
        Value baseline = q.baselineRevisionId() == null ? null : Value.of(0.1);
        answers.add(new MeasurementResult(q.id(), now, value, baseline, sampleSize, error));
      }
    }
    return this;
  }

  Scenario answerError(String metric, String error) {
    return answer(metric, null, null, error);
  }

  Decision tick() {
    Map<String, Observations.Replicas> replicas = new LinkedHashMap<>();
    if (last != null) {
      for (Topology.Placement p : last.topology().revisions()) {
        int ready = Math.min(p.replicas(), readyCap.getOrDefault(p.revision().id(), p.replicas()));
        replicas.put(p.revision().id(), new Observations.Replicas(ready, ready));
      }
    }
    Observations facts = new Observations(replicas, answers, commands);
    observed.add(facts);
    last = engine.next(spec, status, facts, now);
    status = last.status();
    decisions.add(last);
    return last;
  }

  /** Ticks until the topology and status stop changing (a backend reaching a steady state). */
  Decision settle() {
    for (int i = 0; i < 30; i++) {
      Decision before = last;
      tick();
      if (before != null
          && before.topology().equals(last.topology())
          && before.status().equals(last.status())) {
        return last;
      }
    }
    throw new AssertionError("no steady state after 30 ticks: " + last.status().message());
  }

  /** Moves the clock to the requested requeue time and settles. */
  Decision waitForRequeue() {
    if (last.requeueAt() == null) {
      throw new AssertionError("the engine asked not to be called again");
    }
    now = last.requeueAt().isAfter(now) ? last.requeueAt() : now;
    return settle();
  }

  /** Id of the revision with this model version: from the history, else as Specs builds it. */
  String idOf(String version) {
    if (status != null) {
      for (Revision r : status.history()) {
        if (r.model().version().equals(version)) {
          return r.id();
        }
      }
    }
    return Revision.idOf(Specs.deployment(version, 1, spec.spec().strategy()).spec());
  }

  Phase phase() {
    return status.phase();
  }

  Topology topology() {
    return last.topology();
  }

  int weightOf(String version) {
    return topology().weight(idOf(version));
  }

  int replicasOf(String version) {
    return topology().replicas(idOf(version));
  }

  List<String> eventReasons() {
    List<String> out = new ArrayList<>();
    decisions.forEach(d -> d.events().forEach(e -> out.add(e.reason())));
    return out;
  }
}
