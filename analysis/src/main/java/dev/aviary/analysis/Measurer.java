package dev.aviary.analysis;

import dev.aviary.engine.MetricQuery;
import dev.aviary.engine.Observations.MeasurementResult;
import dev.aviary.spec.MetricProvider;
import java.time.Instant;

/** Runs the engine's metric queries against the sources; every failure becomes an Error result. */
public final class Measurer {
  private final MetricSource prometheus;
  private final MetricSource builtin;
  private final MetricSource web;

  public Measurer(MetricSource prometheus, MetricSource builtin, MetricSource web) {
    this.prometheus = prometheus;
    this.builtin = builtin;
    this.web = web;
  }

  /**
   * @param reference the revision the query's revision is compared with ({@link
   *     MetricQuery#referenceRevisionId}), null when there is none
   */
  public MeasurementResult measure(
      MetricQuery q, String namespace, String deployment, String reference, Instant at) {
    MetricSource source = sourceFor(q.provider());
    try {
      MetricSource.Sample s =
          source.measure(
              q.provider(),
              new MetricSource.Target(namespace, deployment, q.revisionId(), reference));
      MetricSource.Sample base = null;
      if (q.baselineRevisionId() != null) {
        try {
          base =
              source.measure(
                  q.provider(),
                  new MetricSource.Target(
                      namespace, deployment, q.baselineRevisionId(), q.revisionId()));
        } catch (MeasurementException e) {
          throw new MeasurementException(
              "baseline " + q.baselineRevisionId() + ": " + e.getMessage(), e);
        }
      }
      return new MeasurementResult(
          q.id(), at, s.value(), base == null ? null : base.value(), s.sampleSize(), null);
    } catch (MeasurementException e) {
      return MeasurementResult.failed(q.id(), at, e.getMessage());
    } catch (RuntimeException e) {
      return MeasurementResult.failed(q.id(), at, "measurement failed: " + e);
    }
  }

  private MetricSource sourceFor(MetricProvider p) {
    if (p instanceof MetricProvider.Prometheus) {
      return prometheus;
    }
    return p instanceof MetricProvider.Web ? web : builtin;
  }
}
