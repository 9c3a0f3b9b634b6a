package dev.aviary.local;

import dev.aviary.engine.MetricQuery;
import dev.aviary.engine.Observations.MeasurementResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The measurements of one deployment between engine calls: which the engine asked for are taken,
 * which are running, which to start. The engine decides when a measurement is due (analysis
 * interval and count); this makes sure each due query id is measured once, its result handed back
 * until the engine stops asking for it, and a failed one not retried under the same id. Pure; the
 * control loop runs the measurements and stores their results.
 */
final class PendingMeasurements {
  private final Map<String, MeasurementResult> results = new HashMap<>();
  private final Set<String> inFlight = new HashSet<>();

  /**
   * Results for the queries the engine asked for last time, those not known here looked up in
   * {@code stored} (taken before a restart of the platform); queries still running are left out.
   */
  List<MeasurementResult> resultsFor(
      List<MetricQuery> asked, Function<String, Optional<MeasurementResult>> stored) {
    List<MeasurementResult> out = new ArrayList<>();
    for (MetricQuery q : asked) {
      MeasurementResult r = results.get(q.id());
      if (r == null && !inFlight.contains(q.id())) {
        r = stored.apply(q.id()).orElse(null);
        if (r != null) {
          results.put(q.id(), r);
        }
      }
      if (r != null) {
        out.add(r);
      }
    }
    return out;
  }

  /**
   * Forgets results the engine no longer asks for and returns the due queries to start now (not
   * measured, not running), which count as running from here on.
   */
  List<MetricQuery> start(List<MetricQuery> due) {
    Set<String> ids = new HashSet<>();
    due.forEach(q -> ids.add(q.id()));
    results.keySet().retainAll(ids);
    List<MetricQuery> out = new ArrayList<>();
    for (MetricQuery q : due) {
      if (!results.containsKey(q.id()) && inFlight.add(q.id())) {
        out.add(q);
      }
    }
    return out;
  }

  /** A measurement finished (successfully or with an error in the result). */
  void finished(MeasurementResult r) {
    inFlight.remove(r.queryId());
    results.put(r.queryId(), r);
  }

  /** A measurement ended without a result (it could not be stored); it is started again. */
  void abandoned(String queryId) {
    inFlight.remove(queryId);
  }

  Set<String> running() {
    return Set.copyOf(inFlight);
  }
}
