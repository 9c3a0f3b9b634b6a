package dev.aviary.server;

import java.util.Arrays;

/**
 * The shape of a JSON value made of nested arrays, learnt while the value is read (as a stream or
 * as a tree): the length of the arrays at each depth, provided the value is rectangular. Every
 * array at one depth must have the same length and every scalar must sit at the same depth; the
 * first departure is kept as {@link #problem()}, naming where it is, e.g. {@code data[1] has 1
 * element but data[0] has 2}.
 */
final class Nesting {
  /** The JSON parser already refuses nesting deeper than 64; this only bounds the arrays. */
  private static final int MAX_DEPTH = 64;

  private final String root;
  private final long[] lengths = new long[MAX_DEPTH];
  private final int[] counts = new int[MAX_DEPTH];
  private int depth;
  private int scalarDepth = -1;
  private String problem;

  /**
   * @param root how the value is called in messages, e.g. {@code data} or {@code instances}
   */
  Nesting(String root) {
    this.root = root;
  }

  void startArray() {
    if (element(true) && depth == MAX_DEPTH) {
      problem = path(depth) + " nests deeper than " + MAX_DEPTH + " levels";
    }
    if (depth < MAX_DEPTH) {
      counts[depth] = 0;
    }
    depth++;
  }

  void endArray() {
    depth--;
    if (problem != null) {
      return;
    }
    int length = counts[depth];
    if (length == 0) {
      problem = path(depth) + " is an empty array";
    } else if (lengths[depth] == 0) { // the first array closed at this depth
      lengths[depth] = length;
    } else if (lengths[depth] != length) {
      problem =
          path(depth)
              + " has "
              + elements(length)
              + " but "
              + first(depth)
              + " has "
              + lengths[depth]
              + " (nested arrays must be rectangular)";
    }
  }

  void value() {
    if (element(false) && scalarDepth < 0) {
      scalarDepth = depth;
    }
  }

  /** Counts an element at the current depth and checks it; false once there is a problem. */
  private boolean element(boolean array) {
    if (problem != null) {
      return false;
    }
    if (depth > 0) {
      counts[depth - 1]++;
    }
    if (scalarDepth >= 0 && (array ? depth >= scalarDepth : depth != scalarDepth)) {
      problem =
          path(depth)
              + (array ? " is an array but " : " is a value but ")
              + first(array ? scalarDepth : depth)
              + (array ? " is a value" : " is an array")
              + " (nested arrays must be rectangular)";
      return false;
    }
    return true;
  }

  /** Null when the value is rectangular, else where it is not. */
  String problem() {
    return problem;
  }

  /** The lengths of the nested arrays, outermost first ({@code []} for a scalar). */
  long[] shape() {
    return Arrays.copyOf(lengths, Math.max(0, scalarDepth));
  }

  /** Where the current element at {@code d} levels in is, e.g. {@code data[1][0]}. */
  private String path(int d) {
    StringBuilder b = new StringBuilder(root);
    for (int i = 0; i < d; i++) {
      b.append('[').append(counts[i] - 1).append(']');
    }
    return b.toString();
  }

  private static String elements(long n) {
    return n == 1 ? "1 element" : n + " elements";
  }

  private String first(int d) {
    return root + "[0]".repeat(d);
  }
}
