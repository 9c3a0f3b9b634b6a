package dev.aviary.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the engine decided: the status to store, the topology to realise, the measurements to take,
 * events to record, and when to call again even if nothing changes (null = only on change).
 */
public record Decision(
    RolloutStatus status,
    Topology topology,
    List<MetricQuery> queries,
    List<Event> events,
    Instant requeueAt) {

  public Decision {
    queries = List.copyOf(queries);
    events = List.copyOf(events);
  }

  /** Time to wait before the next call, measured from {@code now}; empty = wait for a change. */
  public Optional<Duration> requeueAfter(Instant now) {
    if (requeueAt == null) {
      return Optional.empty();
    }
    Duration d = Duration.between(now, requeueAt);
    return Optional.of(d.isNegative() ? Duration.ZERO : d);
  }
}
