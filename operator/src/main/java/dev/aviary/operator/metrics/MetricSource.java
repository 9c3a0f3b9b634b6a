package dev.aviary.operator.metrics;

import dev.aviary.spec.MetricProvider;
import dev.aviary.spec.condition.Value;

/**
 * Takes one measurement for one revision. A source that cannot answer (down, timed out, an answer
 * it cannot read) throws {@link MeasurementException}: the engine records an Error, never a value.
 */
public interface MetricSource {

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
