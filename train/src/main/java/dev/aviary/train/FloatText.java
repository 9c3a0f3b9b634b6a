package dev.aviary.train;

/** Shortest text of a float that reads back to the same float, without a needless ".0". */
final class FloatText {

  private FloatText() {}

  static String of(float v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e7f) {
      return Integer.toString((int) v);
    }
    return Float.toString(v);
  }
}
