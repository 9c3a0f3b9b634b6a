package dev.aviary.server;

import java.util.Locale;

/** ONNX Runtime graph optimisation levels, as named on the command line. */
public enum GraphOptimization {
  NONE,
  BASIC,
  EXTENDED,
  ALL;

  /**
   * @throws IllegalArgumentException naming the accepted values
   */
  public static GraphOptimization parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "graph optimization '" + text + "' is unknown; use none, basic, extended or all");
    }
  }
}
