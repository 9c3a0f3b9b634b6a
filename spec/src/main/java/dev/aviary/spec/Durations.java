package dev.aviary.spec;

import java.time.Duration;
import java.util.regex.Matcher;

/** Durations as written in specs: {@code 30s}, {@code 5m}, {@code 1h30m}, {@code 250ms}. */
public final class Durations {
  static final String REGEX = "^(\\d+(ms|s|m|h))+$";
  static final String EXPECTED = "a duration such as 30s, 5m, 1h30m or 250ms";
  private static final java.util.regex.Pattern PART =
      java.util.regex.Pattern.compile("(\\d+)(ms|s|m|h)");

  private Durations() {}

  /** Parses a duration, or throws {@link IllegalArgumentException} naming the expected form. */
  public static Duration parse(String text) {
    if (text == null || !text.matches(REGEX)) {
      throw new IllegalArgumentException("must be " + EXPECTED + ", got '" + text + "'");
    }
    Matcher m = PART.matcher(text);
    Duration total = Duration.ZERO;
    while (m.find()) {
      long n = Long.parseLong(m.group(1));
      total =
          switch (m.group(2)) {
            case "ms" -> total.plusMillis(n);
            case "s" -> total.plusSeconds(n);
            case "m" -> total.plusMinutes(n);
            default -> total.plusHours(n);
          };
    }
    return total;
  }

  /** Writes a duration in the shortest spec form. */
  public static String format(Duration d) {
    if (d.toMillis() % 1000 != 0) {
      return d.toMillis() + "ms";
    }
    long s = d.getSeconds();
    if (s != 0 && s % 3600 == 0) {
      return s / 3600 + "h";
    }
    if (s != 0 && s % 60 == 0) {
      return s / 60 + "m";
    }
    return s + "s";
  }
}
