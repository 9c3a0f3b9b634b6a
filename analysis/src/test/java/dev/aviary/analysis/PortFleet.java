package dev.aviary.analysis;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A fleet of one replica per revision on a port of 127.0.0.1, and a router the test sets. */
final class PortFleet implements Fleet {
  final Map<String, Integer> portByRevision = new ConcurrentHashMap<>();
  final List<Duration> mirrorWindows = new CopyOnWriteArrayList<>();
  volatile Optional<MirrorComparison> mirrored = Optional.empty();

  PortFleet(Map<String, Integer> portByRevision) {
    this.portByRevision.putAll(portByRevision);
  }

  @Override
  public List<Replica> replicas(MetricSource.Target target, String revisionId) {
    Integer port = portByRevision.get(revisionId);
    return port == null
        ? List.of()
        : List.of(new Replica(revisionId + "-0", "http://127.0.0.1:" + port + "/metrics"));
  }

  @Override
  public Optional<MirrorComparison> mirror(
      MetricSource.Target target, String primaryRevisionId, Duration window) {
    mirrorWindows.add(window);
    return mirrored;
  }
}
