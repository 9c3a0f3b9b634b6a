package dev.aviary.gateway;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Smooth weighted round-robin (the interleaving nginx uses): over every run of {@code sum(weights)}
 * picks, choice {@code i} is picked exactly {@code weights[i]} times, spread evenly rather than in
 * bursts. A weight of 0 is never picked. Thread-safe.
 *
 * <p>The sequence repeats every {@code sum(weights)} picks (all running scores are back to zero
 * then), so it is computed once and a pick is one atomic increment: no lock shared by the event
 * loops.
 */
final class SmoothWeightedRoundRobin {
  private final int[] sequence;
  private final AtomicLong picks = new AtomicLong();

  SmoothWeightedRoundRobin(int[] weights) {
    int total = 0;
    for (int w : weights) {
      if (w < 0) {
        throw new IllegalArgumentException("weights must not be negative, got " + w);
      }
      total += w;
    }
    if (total == 0) {
      throw new IllegalArgumentException("at least one weight must be positive");
    }
    sequence = new int[total];
    long[] current = new long[weights.length];
    for (int n = 0; n < total; n++) {
      int best = -1;
      for (int i = 0; i < weights.length; i++) {
        current[i] += weights[i];
        if (weights[i] > 0 && (best < 0 || current[i] > current[best])) {
          best = i;
        }
      }
      current[best] -= total;
      sequence[n] = best;
    }
  }

  int next() {
    return sequence[(int) Math.floorMod(picks.getAndIncrement(), (long) sequence.length)];
  }
}
