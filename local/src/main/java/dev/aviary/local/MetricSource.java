package dev.aviary.local;

import dev.aviary.spec.MetricProvider;

/**
 * Takes one measurement of one revision. Implementations never throw for a source that is down,
 * slow or answers nonsense: that is a {@link Measured#error}, so the analysis records Error and
 * never Success.
 */
interface MetricSource {

  /**
   * @param reference the revision to compare with for comparative metrics (drift, mirror), or null
   */
  Measured measure(MetricProvider provider, String deployment, String revision, String reference);
}
