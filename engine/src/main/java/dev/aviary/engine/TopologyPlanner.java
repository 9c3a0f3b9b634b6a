package dev.aviary.engine;

import dev.aviary.spec.CanaryStep;
import dev.aviary.spec.Strategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the decided status into a {@link Topology}. Safety rules live here, in one place: weights
 * sum to 100 over revisions with ready replicas (or are empty when none is ready); blue/green never
 * splits; a revision that had traffic keeps its replicas until a decision has moved its traffic
 * away (drain first, then scale down).
 */
final class TopologyPlanner {
  /** How soon to call again after a decision that drains a revision before scaling it down. */
  static final Duration DRAIN = Duration.ofSeconds(1);

  private TopologyPlanner() {}

  static Topology plan(Work w, Plan plan) {
    Map<String, Revision> revisions = new LinkedHashMap<>();
    Map<String, Integer> replicas = new LinkedHashMap<>();
    Map<String, Integer> desired = new LinkedHashMap<>();
    if (w.stable != null) {
      revisions.put(w.stable.id(), w.stable);
      replicas.put(w.stable.id(), plan.replicas());
    }
    if (w.previous != null) {
      revisions.putIfAbsent(w.previous.id(), w.previous);
      replicas.putIfAbsent(w.previous.id(), plan.replicas());
    }
    boolean candidateLive = w.candidate != null && !w.aborted;
    if (candidateLive) {
      revisions.putIfAbsent(w.candidate.id(), w.candidate);
      replicas.put(w.candidate.id(), Math.max(1, w.candidateReplicas));
    }
    int canaryWeight = 0;
    if (candidateLive && !plan.blueGreen()) {
      canaryWeight = CanaryMachine.weightAt(plan.steps(), w.currentStep);
    }
    if (w.stable != null) {
      desired.put(w.stable.id(), 100 - canaryWeight);
    }
    if (canaryWeight > 0) {
      desired.merge(w.candidate.id(), canaryWeight, Integer::sum);
    }
    Map<String, Integer> weights =
        plan.blueGreen() ? single(w, revisions) : split(w, desired, revisions);

    // Drain first: keep the replicas of a revision whose traffic this decision takes away.
    for (Map.Entry<String, Integer> e : w.before.replicas().entrySet()) {
      String id = e.getKey();
      int had = e.getValue();
      boolean hadTraffic = w.before.weights().getOrDefault(id, 0) > 0;
      if (hadTraffic && !weights.containsKey(id) && replicas.getOrDefault(id, 0) < had) {
        Revision r = find(w, id);
        if (r != null) {
          revisions.putIfAbsent(id, r);
          replicas.put(id, had);
          w.timer(w.now.plus(DRAIN));
        }
      }
    }

    List<Topology.Placement> placements = new ArrayList<>();
    replicas.forEach(
        (id, n) -> {
          if (n > 0) {
            placements.add(new Topology.Placement(revisions.get(id), n));
          }
        });

    Topology.Mirror mirror = null;
    List<Topology.HeaderRoute> routes = new ArrayList<>();
    Topology.Preview preview = null;
    boolean candidateServes = candidateLive && w.ready(w.candidate) > 0;
    if (candidateServes && plan.strategy() instanceof Strategy.Canary c && !w.promotedFull) {
      if (w.currentStep < c.steps().size()
          && c.steps().get(w.currentStep) instanceof CanaryStep.Shadow sh) {
        mirror = new Topology.Mirror(w.candidate.id(), sh.percent());
      }
      CanaryMachine.headerRoutes(c.steps(), w.currentStep)
          .forEach(
              (name, m) ->
                  routes.add(
                      new Topology.HeaderRoute(
                          name, m.header(), m.cookie(), m.value(), w.candidate.id())));
    }
    if (candidateServes && plan.strategy() instanceof Strategy.BlueGreen bg) {
      Strategy.PreviewAccess access =
          bg.previewAccess() == null
              ? new Strategy.PreviewAccess("x-aviary-preview", "true", null)
              : bg.previewAccess();
      preview =
          new Topology.Preview(w.candidate.id(), access.header(), access.value(), access.port());
    }
    return new Topology(placements, weights, mirror, routes, preview);
  }

  /** Blue/green: one revision gets everything; never a split. */
  private static Map<String, Integer> single(Work w, Map<String, Revision> revisions) {
    Map<String, Integer> out = new LinkedHashMap<>();
    if (w.stable != null && w.ready(w.stable) > 0) {
      out.put(w.stable.id(), 100);
      return out;
    }
    return soleServerBefore(w, revisions);
  }

  /**
   * The stable revision has nothing ready (as after an instant rollback to cold replicas): keep
   * whichever single revision served before, never move traffic to cold replicas.
   */
  private static Map<String, Integer> soleServerBefore(Work w, Map<String, Revision> revisions) {
    Map<String, Integer> out = new LinkedHashMap<>();
    for (Map.Entry<String, Integer> e : w.before.weights().entrySet()) {
      if (e.getValue() == 100
          && revisions.containsKey(e.getKey())
          && w.facts.ready(e.getKey()) > 0) {
        out.put(e.getKey(), 100);
        return out;
      }
    }
    return out;
  }

  /** Canary: the desired split, renormalised over revisions with ready replicas. */
  private static Map<String, Integer> split(
      Work w, Map<String, Integer> desired, Map<String, Revision> revisions) {
    Map<String, Integer> serving = new LinkedHashMap<>();
    desired.forEach(
        (id, weight) -> {
          if (weight > 0 && w.facts.ready(id) > 0) {
            serving.put(id, weight);
          }
        });
    if (serving.isEmpty()) {
      if (w.stable != null && w.ready(w.stable) > 0) {
        serving.put(w.stable.id(), 100);
      } else {
        return soleServerBefore(w, revisions);
      }
    }
    return normalise(serving);
  }

  /** Scales weights to sum to exactly 100 (largest remainder). */
  static Map<String, Integer> normalise(Map<String, Integer> weights) {
    int total = weights.values().stream().mapToInt(Integer::intValue).sum();
    Map<String, Integer> out = new LinkedHashMap<>();
    if (total == 100) {
      out.putAll(weights);
      return out;
    }
    List<String> ids = new ArrayList<>(weights.keySet());
    double[] exact = new double[ids.size()];
    int assigned = 0;
    for (int i = 0; i < ids.size(); i++) {
      exact[i] = weights.get(ids.get(i)) * 100.0 / total;
      int floor = (int) Math.floor(exact[i]);
      out.put(ids.get(i), floor);
      assigned += floor;
    }
    while (assigned < 100) {
      int best = 0;
      for (int i = 1; i < ids.size(); i++) {
        if (exact[i] - out.get(ids.get(i)) > exact[best] - out.get(ids.get(best))) {
          best = i;
        }
      }
      out.merge(ids.get(best), 1, Integer::sum);
      assigned++;
    }
    out.values().removeIf(v -> v == 0);
    return out;
  }

  private static Revision find(Work w, String id) {
    for (Revision r : w.history) {
      if (r.id().equals(id)) {
        return r;
      }
    }
    return null;
  }
}
