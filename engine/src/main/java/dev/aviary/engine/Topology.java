package dev.aviary.engine;

import java.util.List;
import java.util.Map;

/**
 * What a backend must make true: replicas per revision (revisions not listed run no replicas),
 * user-traffic weights over serving revisions (summing to 100, or empty when nothing is ready),
 * mirroring, header routes and preview access.
 */
public record Topology(
    List<Placement> revisions,
    Map<String, Integer> weights,
    Mirror mirror,
    List<HeaderRoute> headerRoutes,
    Preview preview) {

  public Topology {
    revisions = List.copyOf(revisions);
    weights = Map.copyOf(weights);
    headerRoutes = List.copyOf(headerRoutes);
  }

  /** Replicas wanted for one revision. */
  public record Placement(Revision revision, int replicas) {}

  /** Copy {@code percent} % of requests to the revision; its answers are discarded. */
  public record Mirror(String revisionId, int percent) {}

  /** Requests with the header (or cookie) equal to value go to the revision. */
  public record HeaderRoute(
      String name, String header, String cookie, String value, String revisionId) {}

  /** How testers reach a blue/green preview revision. */
  public record Preview(String revisionId, String header, String value, Integer port) {}

  public int replicas(String revisionId) {
    return revisions.stream()
        .filter(p -> p.revision().id().equals(revisionId))
        .mapToInt(Placement::replicas)
        .findFirst()
        .orElse(0);
  }

  public int weight(String revisionId) {
    return weights.getOrDefault(revisionId, 0);
  }
}
