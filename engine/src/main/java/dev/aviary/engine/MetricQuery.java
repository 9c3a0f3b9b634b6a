package dev.aviary.engine;

import dev.aviary.spec.MetricProvider;
import java.time.Instant;

/**
 * A measurement the backend should take now. Ids are stable across calls: the backend runs each id
 * once and reports a {@link Observations.MeasurementResult} with the same id.
 *
 * @param baselineRevisionId measure the same query on this revision too (null = not needed)
 */
public record MetricQuery(
    String id,
    String runId,
    String metric,
    MetricProvider provider,
    String revisionId,
    String baselineRevisionId,
    Long minSampleSize,
    Instant due) {

  /**
   * The revision this query's revision is compared with (prediction drift, mirror agreement): the
   * baseline when the query names one, else the stable revision when it is another one, else the
   * previous revision (after a promotion); null when there is none.
   */
  public String referenceRevisionId(RolloutStatus status) {
    if (baselineRevisionId != null) {
      return baselineRevisionId;
    }
    if (status.stable() != null && !status.stable().id().equals(revisionId)) {
      return status.stable().id();
    }
    return status.previous() == null ? null : status.previous().id();
  }
}
