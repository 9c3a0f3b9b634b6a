package dev.aviary.gateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/** Shadow traffic figures for one (route, primary revision, mirror revision). Thread-safe. */
final class MirrorStats {
  final String route;
  final String primary;
  final String mirror;
  private final Counter sent;
  private final Counter dropped;
  private final Counter errors;
  private final Counter uncomparable;
  private long compared;
  private long labelRows;
  private long labelAgreements;
  private long scoreValues;
  private double sumAbsDiff;
  private double maxAbsDiff;
  final MirrorWindow window;

  MirrorStats(
      MeterRegistry registry, java.time.Clock clock, String route, String primary, String mirror) {
    this.window = new MirrorWindow(clock);
    this.route = route;
    this.primary = primary;
    this.mirror = mirror;
    Tags tags = Tags.of("route", route, "revision", primary, "mirror", mirror);
    sent =
        counter(registry, "aviary.gateway.mirror.requests", "Requests copied to the mirror", tags);
    dropped =
        counter(
            registry,
            "aviary.gateway.mirror.dropped",
            "Copies not sent because the mirror concurrency limit was reached",
            tags);
    errors =
        counter(
            registry,
            "aviary.gateway.mirror.errors",
            "Copies that failed, timed out or got a 5xx from the mirror",
            tags);
    uncomparable =
        counter(
            registry,
            "aviary.gateway.mirror.uncomparable",
            "Answer pairs whose bodies are not recognised prediction responses",
            tags);
    Gauge.builder("aviary.gateway.mirror.compared", this, s -> s.snapshot().compared())
        .description("Answer pairs whose predictions were compared")
        .tags(tags)
        .register(registry);
    Gauge.builder("aviary.gateway.mirror.label.agreement", this, s -> s.snapshot().agreement())
        .description("Share of rows whose class labels agree (primary vs mirror)")
        .tags(tags)
        .register(registry);
    Gauge.builder("aviary.gateway.mirror.score.abs.diff.mean", this, s -> s.snapshot().meanDiff())
        .description("Mean absolute difference of scores (primary vs mirror)")
        .tags(tags)
        .register(registry);
    Gauge.builder("aviary.gateway.mirror.score.abs.diff.max", this, s -> s.snapshot().maxDiff())
        .description("Largest absolute difference of scores (primary vs mirror)")
        .tags(tags)
        .register(registry);
  }

  private static Counter counter(MeterRegistry r, String name, String description, Tags tags) {
    return Counter.builder(name).description(description).tags(tags).register(r);
  }

  void sent() {
    sent.increment();
    window.sent();
  }

  void dropped() {
    dropped.increment();
    window.dropped();
  }

  void error() {
    errors.increment();
    window.error();
  }

  void uncomparable() {
    uncomparable.increment();
    window.uncomparable();
  }

  synchronized void add(PredictionComparator.Comparison c) {
    compared++;
    labelRows += c.labelRows();
    labelAgreements += c.labelAgreements();
    scoreValues += c.scoreValues();
    sumAbsDiff += c.sumAbsDiff();
    maxAbsDiff = Math.max(maxAbsDiff, c.maxAbsDiff());
    window.compared(c);
  }

  record Snapshot(
      long sent,
      long dropped,
      long errors,
      long uncomparable,
      long compared,
      long labelRows,
      long labelAgreements,
      double agreement,
      double meanDiff,
      double maxDiff) {}

  /** The figures since the pair first appeared in the configuration. */
  synchronized Snapshot snapshot() {
    return snapshot(
        (long) sent.count(),
        (long) dropped.count(),
        (long) errors.count(),
        (long) uncomparable.count(),
        compared,
        labelRows,
        labelAgreements,
        scoreValues,
        sumAbsDiff,
        maxAbsDiff);
  }

  static Snapshot snapshot(
      long sent,
      long dropped,
      long errors,
      long uncomparable,
      long compared,
      long labelRows,
      long labelAgreements,
      long scoreValues,
      double sumAbsDiff,
      double maxAbsDiff) {
    return new Snapshot(
        sent,
        dropped,
        errors,
        uncomparable,
        compared,
        labelRows,
        labelAgreements,
        labelRows == 0 ? Double.NaN : (double) labelAgreements / labelRows,
        scoreValues == 0 ? Double.NaN : sumAbsDiff / scoreValues,
        scoreValues == 0 ? Double.NaN : maxAbsDiff);
  }
}
