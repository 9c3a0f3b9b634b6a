package dev.aviary.monitor;

import java.util.Arrays;

/**
 * The 10 reference-decile bins PSI and Jensen-Shannon are measured over. Deciles by linear
 * interpolation between order statistics (numpy's default, including its rounding); repeated edges
 * merged, so a column with many equal values has fewer bins; the outer bins are open, and a value
 * equal to an inner edge falls in the bin to its right.
 */
public record DecileBins(double[] innerEdges) {

  public DecileBins {
    innerEdges = innerEdges.clone();
  }

  /** From the reference sample, sorted ascending (at least one value). */
  public static DecileBins of(double[] sortedReference) {
    if (sortedReference.length == 0) {
      throw new IllegalArgumentException("deciles need at least one reference value");
    }
    double[] edges = new double[9];
    int n = 0;
    for (int k = 1; k <= 9; k++) {
      double edge = quantile(sortedReference, k * 0.1);
      if (n == 0 || edge != edges[n - 1]) {
        edges[n++] = edge;
      }
    }
    return new DecileBins(Arrays.copyOf(edges, n));
  }

  /** Linear-interpolation quantile, computed as numpy computes it so that edges agree exactly. */
  static double quantile(double[] sorted, double q) {
    double index = (sorted.length - 1) * q;
    int below = (int) Math.floor(index);
    double t = index - below;
    if (below + 1 >= sorted.length) {
      return sorted[sorted.length - 1];
    }
    double a = sorted[below];
    double b = sorted[below + 1];
    double diff = b - a;
    // numpy interpolates from the nearer neighbour, which keeps the result monotone in q
    return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
  }

  @Override
  public double[] innerEdges() {
    return innerEdges.clone();
  }

  public int bins() {
    return innerEdges.length + 1;
  }

  /** The bin of {@code value}: how many inner edges are at or below it. */
  public int binOf(double value) {
    int lo = 0;
    int hi = innerEdges.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (innerEdges[mid] <= value) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  public Histogram count(double[] values) {
    double[] counts = new double[bins()];
    for (double v : values) {
      counts[binOf(v)]++;
    }
    return new Histogram(counts);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DecileBins d && Arrays.equals(innerEdges, d.innerEdges);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(innerEdges);
  }

  @Override
  public String toString() {
    return "DecileBins" + Arrays.toString(innerEdges);
  }
}
