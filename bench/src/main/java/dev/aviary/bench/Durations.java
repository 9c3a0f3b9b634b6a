package dev.aviary.bench;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses durations written like {@code 500ms}, {@code 20s}, {@code 2m}, or a plain ISO-8601 one.
 */
final class Durations {

  private static final Pattern SIMPLE = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m)");

  private Durations() {}

  static Duration parse(String text) {
    String t = text.trim();
    Matcher m = SIMPLE.matcher(t);
    if (m.matches()) {
      double value = Double.parseDouble(m.group(1));
      double millis =
          switch (m.group(2)) {
            case "ms" -> value;
            case "s" -> value * 1_000;
            default -> value * 60_000;
          };
      return Duration.ofNanos(Math.round(millis * 1_000_000));
    }
    try {
      Duration d = Duration.parse(t);
      if (!d.isNegative()) {
        return d;
      }
    } catch (RuntimeException ignored) {
      // fall through to the message below
    }
    throw new IllegalArgumentException(
        "not a duration: '" + text + "' (expected e.g. 500ms, 20s, 2m or PT20S)");
  }

  static String format(Duration d) {
    long millis = d.toMillis();
    if (millis % 60_000 == 0 && millis > 0) {
      return millis / 60_000 + "m";
    }
    if (millis % 1_000 == 0) {
      return millis / 1_000 + "s";
    }
    return millis + "ms";
  }
}
