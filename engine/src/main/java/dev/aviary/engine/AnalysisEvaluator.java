package dev.aviary.engine;

import dev.aviary.engine.Observations.MeasurementResult;
import dev.aviary.spec.Metric;
import dev.aviary.spec.condition.Condition;
import dev.aviary.spec.condition.EvaluationException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pure analysis evaluation: measurements in, run phase out, and which measurements are due. Never
 * reads a clock; {@code now} is passed in.
 */
final class AnalysisEvaluator {
  /** Wait before measuring again after Waiting or Error when the metric has no interval. */
  static final Duration RETRY = Duration.ofSeconds(10);

  private AnalysisEvaluator() {}

  static String queryId(AnalysisRun run, String metric, int index) {
    return run.id() + "/" + metric + "/" + index;
  }

  /** Measurements to take: the run must be Running; a metric must be Running and due. */
  static List<MetricQuery> due(
      AnalysisRun run, List<Metric> metrics, String baselineRevisionId, Instant now) {
    List<MetricQuery> out = new ArrayList<>();
    if (run.phase().terminal()) {
      return out;
    }
    Map<String, MetricResult> results = byName(run);
    for (Metric m : metrics) {
      MetricResult r = results.getOrDefault(m.name(), MetricResult.start(m.name(), m.dryRun()));
      if (r.phase().terminal()) {
        continue;
      }
      Instant at = dueAt(run, m, r);
      if (!at.isAfter(now)) {
        out.add(
            new MetricQuery(
                queryId(run, m.name(), r.measurements().size()),
                run.id(),
                m.name(),
                m.provider(),
                run.revisionId(),
                usesBaseline(m) ? baselineRevisionId : null,
                m.minSampleSize(),
                at));
      }
    }
    return out;
  }

  /** Earliest future time a measurement of this run becomes due, or null. */
  static Instant nextDue(AnalysisRun run, List<Metric> metrics, Instant now) {
    if (run.phase().terminal()) {
      return null;
    }
    Map<String, MetricResult> results = byName(run);
    Instant best = null;
    for (Metric m : metrics) {
      MetricResult r = results.getOrDefault(m.name(), MetricResult.start(m.name(), m.dryRun()));
      if (r.phase().terminal()) {
        continue;
      }
      Instant at = dueAt(run, m, r);
      if (at.isAfter(now) && (best == null || at.isBefore(best))) {
        best = at;
      }
    }
    return best;
  }

  private static Instant dueAt(AnalysisRun run, Metric m, MetricResult r) {
    if (r.measurements().isEmpty()) {
      return run.startedAt().plus(m.initialDelay() == null ? Duration.ZERO : m.initialDelay());
    }
    Measurement last = r.measurements().get(r.measurements().size() - 1);
    return last.at().plus(m.interval() == null ? RETRY : m.interval());
  }

  /**
   * Adds the measurements that answer this run's outstanding queries (in index order) and
   * recomputes metric and run phases. A terminal run is returned unchanged.
   */
  static AnalysisRun update(
      AnalysisRun run, List<Metric> metrics, Map<String, MeasurementResult> incoming) {
    if (run.phase().terminal()) {
      return run;
    }
    Map<String, MetricResult> results = byName(run);
    List<MetricResult> updated = new ArrayList<>();
    for (Metric m : metrics) {
      MetricResult r = results.getOrDefault(m.name(), MetricResult.start(m.name(), m.dryRun()));
      List<Measurement> ms = new ArrayList<>(r.measurements());
      if (!r.phase().terminal()) {
        MeasurementResult next;
        while ((next = incoming.get(queryId(run, m.name(), ms.size()))) != null) {
          ms.add(judge(m, next, ms.size()));
          if (assess(m, ms).phase().terminal()) {
            break;
          }
        }
      }
      updated.add(r.phase().terminal() && ms.size() == r.measurements().size() ? r : assess(m, ms));
    }
    return withMetrics(run, updated);
  }

  private static AnalysisRun withMetrics(AnalysisRun run, List<MetricResult> metrics) {
    AnalysisPhase phase = AnalysisPhase.Successful;
    String message = "all metrics successful";
    int rank = 0;
    for (MetricResult r : metrics) {
      // A dry-run metric keeps the run going until it finishes, but its verdict never counts.
      AnalysisPhase counted =
          r.dryRun() && r.phase() != AnalysisPhase.Running ? AnalysisPhase.Successful : r.phase();
      int k = rank(counted);
      if (k > rank) {
        rank = k;
        phase = counted;
        message = "metric " + r.name() + ": " + r.message();
      }
    }
    return new AnalysisRun(
        run.id(),
        run.kind(),
        run.step(),
        run.revisionId(),
        run.startedAt(),
        phase,
        metrics,
        message);
  }

  private static int rank(AnalysisPhase p) {
    return switch (p) {
      case Successful, Skipped -> 0;
      case Running -> 1;
      case Inconclusive -> 2;
      case Error -> 3;
      case Failed -> 4;
    };
  }

  /** The verdict on one measurement. Empty or NaN data is Inconclusive, never Successful. */
  static Measurement judge(Metric m, MeasurementResult r, int index) {
    if (r.error() != null || r.value() == null) {
      String why = r.error() != null ? r.error() : "provider returned no value";
      return measurement(index, r, Measurement.Phase.Error, why);
    }
    if (m.minSampleSize() != null) {
      if (r.sampleSize() == null) {
        return measurement(
            index,
            r,
            Measurement.Phase.Error,
            "minSampleSize is set but the provider reported no sample size");
      }
      if (r.sampleSize() < m.minSampleSize()) {
        return measurement(
            index,
            r,
            Measurement.Phase.Waiting,
            "only " + r.sampleSize() + " requests, " + m.minSampleSize() + " needed to judge");
      }
    }
    try {
      if (m.failureCondition() != null
          && Condition.parse(m.failureCondition()).test(r.value(), r.baseline())) {
        return measurement(
            index, r, Measurement.Phase.Failed, "met failureCondition " + m.failureCondition());
      }
      if (m.successCondition() == null) {
        return measurement(index, r, Measurement.Phase.Successful, "failureCondition not met");
      }
      if (Condition.parse(m.successCondition()).test(r.value(), r.baseline())) {
        return measurement(index, r, Measurement.Phase.Successful, "met successCondition");
      }
      return m.failureCondition() == null
          ? measurement(
              index,
              r,
              Measurement.Phase.Failed,
              "did not meet successCondition " + m.successCondition())
          : measurement(
              index,
              r,
              Measurement.Phase.Inconclusive,
              "met neither successCondition nor failureCondition");
    } catch (EvaluationException e) {
      return e.noData()
          ? measurement(index, r, Measurement.Phase.Inconclusive, "no data: " + e.getMessage())
          : measurement(index, r, Measurement.Phase.Error, e.getMessage());
    } catch (RuntimeException e) {
      return measurement(index, r, Measurement.Phase.Error, "cannot evaluate: " + e.getMessage());
    }
  }

  private static Measurement measurement(
      int index, MeasurementResult r, Measurement.Phase phase, String reason) {
    return new Measurement(index, r.at(), phase, r.value(), r.baseline(), r.sampleSize(), reason);
  }

  /** Metric phase from its measurements and limits. */
  static MetricResult assess(Metric m, List<Measurement> ms) {
    int ok = 0;
    int failed = 0;
    int inconclusive = 0;
    int error = 0;
    int consecutive = 0;
    for (Measurement x : ms) {
      switch (x.phase()) {
        case Successful -> ok++;
        case Failed -> failed++;
        case Inconclusive -> inconclusive++;
        case Error -> error++;
        case Waiting -> {}
      }
      if (x.phase() == Measurement.Phase.Error) {
        consecutive++;
      } else if (x.phase() != Measurement.Phase.Waiting) {
        consecutive = 0;
      }
    }
    int judged = ok + failed + inconclusive + error;
    Integer count = m.count() != null ? m.count() : (m.interval() == null ? 1 : null);
    AnalysisPhase phase;
    String message;
    if (failed > m.failureLimit()) {
      phase = AnalysisPhase.Failed;
      message = failed + " failed measurements, limit " + m.failureLimit() + lastReason(ms);
    } else if (consecutive > m.consecutiveErrorLimit()) {
      phase = AnalysisPhase.Error;
      message =
          consecutive + " consecutive errors, limit " + m.consecutiveErrorLimit() + lastReason(ms);
    } else if (inconclusive > m.inconclusiveLimit()) {
      phase = AnalysisPhase.Inconclusive;
      message =
          inconclusive
              + " inconclusive measurements, limit "
              + m.inconclusiveLimit()
              + lastReason(ms);
    } else if (count != null && judged >= count) {
      if (ok > 0) {
        phase = AnalysisPhase.Successful;
        message = ok + " of " + judged + " measurements successful";
      } else if (error == judged) {
        phase = AnalysisPhase.Error;
        message = "every measurement errored" + lastReason(ms);
      } else {
        phase = AnalysisPhase.Inconclusive;
        message = "no successful measurement among " + judged;
      }
    } else {
      phase = AnalysisPhase.Running;
      message =
          ms.isEmpty()
              ? "waiting for the first measurement"
              : judged
                  + " of "
                  + (count == null ? "unbounded" : count)
                  + " measurements taken"
                  + lastReason(ms);
    }
    return new MetricResult(
        m.name(), phase, m.dryRun(), ms, ok, failed, inconclusive, error, consecutive, message);
  }

  private static String lastReason(List<Measurement> ms) {
    return ms.isEmpty() ? "" : "; last: " + ms.get(ms.size() - 1).reason();
  }

  private static boolean usesBaseline(Metric m) {
    return (m.successCondition() != null && Condition.parse(m.successCondition()).usesBaseline())
        || (m.failureCondition() != null && Condition.parse(m.failureCondition()).usesBaseline());
  }

  private static Map<String, MetricResult> byName(AnalysisRun run) {
    Map<String, MetricResult> out = new LinkedHashMap<>();
    run.metrics().forEach(r -> out.put(r.name(), r));
    return out;
  }
}
