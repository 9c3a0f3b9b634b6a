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
    Instant due) {}
