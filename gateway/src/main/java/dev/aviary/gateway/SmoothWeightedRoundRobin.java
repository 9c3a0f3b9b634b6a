package dev.aviary.gateway;

/**
 * Smooth weighted round-robin (the interleaving nginx uses): over every run of {@code sum(weights)}
 * picks, choice {@code i} is picked exactly {@code weights[i]} times, spread evenly rather than in
 * bursts. A weight of 0 is never picked. Thread-safe.
 */
final class SmoothWeightedRoundRobin {
  private final int[] weights;
  private final long[] current;
  private final int total;

  SmoothWeightedRoundRobin(int[] weights) {
    this.weights = weights.clone();
    this.current = new long[weights.length];
    int sum = 0;
    for (int w : weights) {
      if (w < 0) {
        throw new IllegalArgumentException("weights must not be negative, got " + w);
      }
      sum += w;
    }
    if (sum == 0) {
      throw new IllegalArgumentException("at least one weight must be positive");
    }
    this.total = sum;
  }

  /** The index of the next choice. */
  synchronized int next() {
    int best = -1;
    for (int i = 0; i < weights.length; i++) {
      current[i] += weights[i];
      if (weights[i] > 0 && (best < 0 || current[i] > current[best])) {
        best = i;
      }
    }
    current[best] -= total;
    return best;
  }
}
