package dev.aviary.analysis;

import dev.aviary.spec.MetricProvider;
import dev.aviary.spec.condition.Value;

/**
 * Takes one measurement of one revision for one provider kind. A source that cannot answer (down,
 * timed out, an answer it cannot read) throws {@link MeasurementException}: the engine records an
 * Error, never a value. No data (no requests yet) is a NaN value, which the engine judges
 * Inconclusive; {@code +Inf} and {@code -Inf} are values like any other and the conditions judge
 * them.
 */
public interface MetricSource {

  /** The namespace the embedded platform measures in: it has only this one. */
  String DEFAULT_NAMESPACE = "default";

  /**
   * What is measured: the revision of one deployment in one namespace.
   *
   * @param referenceRevisionId the revision it is compared with (the stable one during a canary),
   *     for statistics between two revisions such as prediction drift; null when there is none
   */
  record Target(
      String namespace, String deployment, String revisionId, String referenceRevisionId) {
    public Target(String namespace, String deployment, String revisionId) {
      this(namespace, deployment, revisionId, null);
    }
  }

  /** A measured value and, when known, the number of requests it covers. */
  record Sample(Value value, Long sampleSize) {}

  Sample measure(MetricProvider provider, Target target) throws MeasurementException;
}
