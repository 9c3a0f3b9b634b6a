package dev.aviary.analysis.alert;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The samples the platform took of its own metrics, kept as long as the rules look back: the {@link
 * SeriesSource} the platform evaluates the rules over. Only the metrics the rules read are kept.
 * Time is passed in.
 */
public final class SampleHistory implements SeriesSource {
  private record Key(String metric, Map<String, String> labels) {}

  private final Set<String> metrics;
  private final Duration retention;
  private final Map<Key, Deque<Point>> series = new LinkedHashMap<>();

  /** Keeps the series of {@code metrics} for {@code retention}. */
  public SampleHistory(Set<String> metrics, Duration retention) {
    this.metrics = Set.copyOf(metrics);
    this.retention = retention;
  }

  /** A history for these rules: the metrics they read, for as long as they look back. */
  public static SampleHistory forRules(List<AlertRule> rules) {
    Set<String> names = new java.util.HashSet<>();
    Duration longest = Expr.LOOKBACK;
    for (AlertRule r : rules) {
      names.addAll(Expr.metrics(r.expr()));
      longest = longest.compareTo(r.expr().reach()) >= 0 ? longest : r.expr().reach();
    }
    return new SampleHistory(names, longest.plusMinutes(1));
  }

  /** Records one sample taken at {@code at}; samples of metrics no rule reads are dropped. */
  public synchronized void add(
      String metric, Map<String, String> labels, double value, Instant at) {
    if (!metrics.contains(metric)) {
      return;
    }
    Deque<Point> points =
        series.computeIfAbsent(new Key(metric, Map.copyOf(labels)), k -> new ArrayDeque<>());
    if (points.isEmpty() || points.peekLast().at().isBefore(at)) {
      points.addLast(new Point(at, value));
    }
  }

  /**
   * Ends the samples taken at {@code now}: a series that got none (its replica is gone or did not
   * answer) is stale from now on, as Prometheus marks it, instead of lingering for the lookback.
   */
  public synchronized void markStale(Instant now) {
    for (Deque<Point> points : series.values()) {
      Point last = points.peekLast();
      if (last != null && last.at().isBefore(now) && !Double.isNaN(last.value())) {
        points.addLast(new Point(now, Double.NaN));
      }
    }
  }

  /** Forgets the points older than the retention, and the series left without any. */
  public synchronized void prune(Instant now) {
    Instant cutoff = now.minus(retention);
    series
        .values()
        .removeIf(
            points -> {
              while (!points.isEmpty() && points.peekFirst().at().isBefore(cutoff)) {
                points.removeFirst();
              }
              return points.isEmpty();
            });
  }

  @Override
  public synchronized List<Series> select(
      String metric, List<Matcher> matchers, Instant from, Instant to) {
    List<Series> out = new ArrayList<>();
    series.forEach(
        (key, points) -> {
          if (key.metric().equals(metric)
              && matchers.stream().allMatch(m -> m.matches(key.labels()))) {
            List<Point> in =
                points.stream().filter(p -> !p.at().isBefore(from) && !p.at().isAfter(to)).toList();
            out.add(new Series(key.labels(), in));
          }
        });
    return out;
  }
}
