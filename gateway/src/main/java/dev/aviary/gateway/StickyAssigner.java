package dev.aviary.gateway;

import java.nio.charset.StandardCharsets;

/**
 * Maps a user key to a revision with weighted rendezvous hashing: each revision draws an
 * independent uniform number {@code u} from a hash of (key, revision name) and scores {@code -ln(u)
 * / weight}; the lowest score wins. The probability that revision {@code i} wins is exactly {@code
 * weight_i / sum(weights)}, so the share of keys follows the weights, and the mapping depends only
 * on the key and the weights.
 *
 * <p>Why this scheme: when weights change, a key's score for revision {@code i} is multiplied by
 * {@code old_i / new_i}. A key therefore only ever moves from revision {@code a} to revision {@code
 * b} when {@code b}'s weight grew relative to {@code a}'s. In a canary rollout, where one revision
 * grows and the others shrink in proportion, keys only move to the growing revision and never
 * between the others. Keys are matched to revisions by name, not position, so reordering the list
 * moves nobody.
 */
final class StickyAssigner {
  private final String[] names;
  private final int[] weights;

  StickyAssigner(String[] names, int[] weights) {
    if (names.length != weights.length) {
      throw new IllegalArgumentException("one weight per revision is needed");
    }
    this.names = names.clone();
    this.weights = weights.clone();
  }

  /** The index of the revision for {@code key}, or -1 when every weight is 0. */
  int assign(String key) {
    long keyHash = fnv1a(key.getBytes(StandardCharsets.UTF_8), 0xcbf29ce484222325L);
    int best = -1;
    double bestScore = Double.POSITIVE_INFINITY;
    for (int i = 0; i < names.length; i++) {
      if (weights[i] <= 0) {
        continue;
      }
      double score = -Math.log(uniform(keyHash, names[i])) / weights[i];
      if (score < bestScore) {
        bestScore = score;
        best = i;
      }
    }
    return best;
  }

  /** A number in the open interval (0, 1), uniform over keys, independent per revision name. */
  static double uniform(long keyHash, String name) {
    long h = mix(mix(keyHash) ^ fnv1a(name.getBytes(StandardCharsets.UTF_8), 0x9e3779b97f4a7c15L));
    return ((h >>> 11) + 0.5) * 0x1.0p-53;
  }

  private static long fnv1a(byte[] bytes, long seed) {
    long h = seed;
    for (byte b : bytes) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    return h;
  }

  // The splitmix64 finaliser: spreads FNV's weak low bits over the whole word.
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}
