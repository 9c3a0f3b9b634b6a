package dev.aviary.analysis;

import dev.aviary.monitor.PrometheusText;

/**
 * Numbers that arrive as text: Prometheus writes {@code +Inf}, {@code -Inf} and {@code NaN}, JSON
 * services (Aviary's server among them) write {@code "Infinity"}, {@code "-Infinity"} and {@code
 * "NaN"}. Both spellings mean the same everywhere: an infinity is a value the conditions judge, NaN
 * is no data.
 */
final class Numbers {
  private Numbers() {}

  /** The number, or NumberFormatException. */
  static double parse(String text) {
    String t = text.strip();
    return switch (t) {
      case "Infinity", "+Infinity" -> Double.POSITIVE_INFINITY;
      case "-Infinity" -> Double.NEGATIVE_INFINITY;
      default -> PrometheusText.value(t);
    };
  }
}
