package dev.aviary.analysis;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What a backend knows and the {@link BuiltinSource} needs: where the replicas of a revision serve
 * their {@code /metrics} page (processes on 127.0.0.1 in the embedded platform, pods in the
 * operator), and what its traffic router saw of shadow traffic.
 */
public interface Fleet {

  /**
   * One running model-server replica.
   *
   * @param id stays the same while the replica runs (a new process or pod gets a new one), so that
   *     its earlier counters can be subtracted
   * @param metricsUrl its Prometheus text page
   */
  record Replica(String id, String metricsUrl) {}

  /**
   * Shadow traffic compared by the router: prediction rows whose labels were compared and how many
   * of them agreed.
   */
  record MirrorComparison(long labelRows, double agreeingRows) {
    public static final MirrorComparison NONE = new MirrorComparison(0, 0);

    public MirrorComparison plus(MirrorComparison other) {
      return new MirrorComparison(labelRows + other.labelRows, agreeingRows + other.agreeingRows);
    }

    /** Share of compared rows whose labels differed; NaN when nothing was compared. */
    public double mismatchRate() {
      return labelRows == 0 ? Double.NaN : Math.max(0, 1 - agreeingRows / labelRows);
    }
  }

  /** The running replicas of one revision of the target's deployment; empty when there is none. */
  List<Replica> replicas(MetricSource.Target target, String revisionId) throws MeasurementException;

  /**
   * Shadow traffic from {@code primaryRevisionId} to the target's revision over the last {@code
   * window} (at most {@link BuiltinSource#ROUTER_WINDOW}); empty when the router saw none. Throws
   * when the backend has no router that compares answers.
   */
  Optional<MirrorComparison> mirror(
      MetricSource.Target target, String primaryRevisionId, Duration window)
      throws MeasurementException;
}
