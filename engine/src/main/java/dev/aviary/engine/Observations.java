package dev.aviary.engine;

import dev.aviary.spec.condition.Value;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the backend saw: replicas per revision id, measurements taken for due queries, commands not
 * yet consumed. Feeding the same observations twice is harmless: measurements are matched to query
 * ids and commands to sequence numbers.
 */
public record Observations(
    Map<String, Replicas> replicas, List<MeasurementResult> measurements, List<Command> commands) {

  public static final Observations NONE = new Observations(Map.of(), List.of(), List.of());

  public Observations {
    replicas = Map.copyOf(replicas);
    measurements = List.copyOf(measurements);
    commands = List.copyOf(commands);
  }

  /** Replicas of one revision as the backend sees them. */
  public record Replicas(int ready, int available) {}

  public int ready(String revisionId) {
    Replicas r = replicas.get(revisionId);
    return r == null ? 0 : r.ready();
  }

  /**
   * The outcome of one {@link MetricQuery}.
   *
   * @param value null when the provider failed ({@code error} says why)
   * @param baseline the same query on the baseline revision, when asked for
   * @param sampleSize requests the measurement covers, when the provider knows
   */
  public record MeasurementResult(
      String queryId, Instant at, Value value, Value baseline, Long sampleSize, String error) {

    public static MeasurementResult of(String queryId, Instant at, double value) {
      return new MeasurementResult(queryId, at, Value.of(value), null, null, null);
    }

    public static MeasurementResult failed(String queryId, Instant at, String error) {
      return new MeasurementResult(queryId, at, null, null, null, error);
    }
  }
}
