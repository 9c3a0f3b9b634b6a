package dev.aviary.server;

import java.util.Comparator;

/**
 * Orders model versions: dot-separated parts are compared numerically when both are numbers ({@code
 * 2 < 10}, {@code 1.9 < 1.10}), otherwise as text; a numeric part sorts before text.
 */
final class VersionOrder implements Comparator<String> {
  static final VersionOrder INSTANCE = new VersionOrder();

  @Override
  public int compare(String a, String b) {
    String[] pa = a.split("\\.", -1);
    String[] pb = b.split("\\.", -1);
    for (int i = 0; i < Math.min(pa.length, pb.length); i++) {
      int c = comparePart(pa[i], pb[i]);
      if (c != 0) {
        return c;
      }
    }
    int c = Integer.compare(pa.length, pb.length);
    return c != 0 ? c : a.compareTo(b);
  }

  private static int comparePart(String a, String b) {
    boolean na = isNumber(a);
    boolean nb = isNumber(b);
    if (na && nb) {
      String ta = stripZeros(a);
      String tb = stripZeros(b);
      int c = Integer.compare(ta.length(), tb.length());
      return c != 0 ? c : ta.compareTo(tb);
    }
    if (na != nb) {
      return na ? -1 : 1;
    }
    return a.compareTo(b);
  }

  private static boolean isNumber(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private static String stripZeros(String s) {
    int i = 0;
    while (i < s.length() - 1 && s.charAt(i) == '0') {
      i++;
    }
    return s.substring(i);
  }
}
