package dev.aviary.spec;

import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The bounds of {@code spec.monitoring} that depend on which alert a setting belongs to. */
final class MonitoringChecks {
  private static final Duration SHORTEST_WINDOW = Duration.ofSeconds(30);

  private final List<Problem> problems = new ArrayList<>();
  private final String path;

  private MonitoringChecks(String path) {
    this.path = path;
  }

  static List<Problem> problems(Monitoring m, String path) {
    MonitoringChecks c = new MonitoringChecks(path);
    c.check(m);
    return c.problems;
  }

  private void check(Monitoring m) {
    if (m.window().compareTo(SHORTEST_WINDOW) < 0) {
      problems.add(
          new Problem(path + ".window", "must be at least 30s (two scrapes), got " + m.window()));
    }
    Alerts a = m.alerts();
    ratio("errorRate", a.errorRate());
    positive("latencyP99", a.latencyP99());
    none("noTraffic", a.noTraffic());
    none("replicasNotReady", a.replicasNotReady());
    whole("crashLooping", a.crashLooping());
    none("rolloutDegraded", a.rolloutDegraded());
    positive("featureDrift", a.featureDrift());
    ratio("datasetDrift", a.datasetDrift());
    ratio("predictionShift", a.predictionShift());
    ratio("accuracy", a.accuracy());
    for (RecordComponent rc : Alerts.class.getRecordComponents()) {
      nonNegative(rc.getName(), settings(a, rc));
    }
  }

  private static AlertSettings settings(Alerts a, RecordComponent rc) {
    try {
      return (AlertSettings) rc.getAccessor().invoke(a);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  private void nonNegative(String alert, AlertSettings s) {
    if (s.duration().isNegative()) {
      fail(alert + ".duration", "must not be negative, got " + s.duration());
    }
  }

  private void ratio(String alert, AlertSettings s) {
    double t = s.threshold();
    if (t > 1 || t < 0 || t == 0) {
      fail(alert + ".threshold", "must be a ratio above 0 and at most 1, got " + t);
    }
  }

  private void positive(String alert, AlertSettings s) {
    if (!(s.threshold() > 0)) {
      fail(alert + ".threshold", "must be above 0, got " + s.threshold());
    }
  }

  private void whole(String alert, AlertSettings s) {
    double t = s.threshold();
    if (t < 1 || t != Math.rint(t)) {
      fail(alert + ".threshold", "must be a whole number of restarts of at least 1, got " + t);
    }
  }

  private void none(String alert, AlertSettings s) {
    if (s.threshold() != null) {
      fail(alert + ".threshold", "this alert has no threshold; remove it");
    }
  }

  private void fail(String field, String message) {
    problems.add(new Problem(path + ".alerts." + field, message));
  }
}
