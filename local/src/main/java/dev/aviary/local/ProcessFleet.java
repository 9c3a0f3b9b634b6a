package dev.aviary.local;

import dev.aviary.analysis.Fleet;
import dev.aviary.analysis.MetricSource;
import dev.aviary.gateway.GatewayStats;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The embedded platform's {@link Fleet}: a revision's replicas are its ready child processes, each
 * serving {@code /metrics} on its own port of 127.0.0.1, and shadow traffic is what the embedded
 * gateway compared (its routes are named after deployments).
 */
final class ProcessFleet implements Fleet {
  private final Supplier<List<ReplicaView>> replicas;
  private final Function<Duration, GatewayStats> gatewayStats;

  /**
   * @param replicas every replica the supervisor runs
   * @param gatewayStats the embedded gateway's figures over a window
   */
  ProcessFleet(
      Supplier<List<ReplicaView>> replicas, Function<Duration, GatewayStats> gatewayStats) {
    this.replicas = replicas;
    this.gatewayStats = gatewayStats;
  }

  @Override
  public List<Replica> replicas(MetricSource.Target target, String revisionId) {
    return replicas.get().stream()
        .filter(
            r ->
                r.deployment().equals(target.deployment())
                    && r.revision().equals(revisionId)
                    && r.state().equals("Ready"))
        .map(
            r -> new Replica(r.pid() + "@" + r.port(), "http://127.0.0.1:" + r.port() + "/metrics"))
        .toList();
  }

  @Override
  public Optional<MirrorComparison> mirror(
      MetricSource.Target target, String primaryRevisionId, Duration window) {
    return gatewayStats
        .apply(window)
        .mirror(target.deployment(), primaryRevisionId, target.revisionId())
        .map(m -> new MirrorComparison(m.labelRows(), m.labelAgreement() * m.labelRows()));
  }
}
