package dev.aviary.server;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the short duration form used on the command line: {@code 500us}, {@code 500ms}, {@code
 * 5s}, {@code 1m}.
 */
public final class Durations {
  private static final Pattern FORM = Pattern.compile("(\\d{1,9})(us|ms|s|m|h)");

  private Durations() {}

  /**
   * Parses {@code text}; a bare {@code 0} is accepted as zero.
   *
   * @throws IllegalArgumentException naming the accepted forms
   */
  public static Duration parse(String text) {
    String t = text == null ? "" : text.trim();
    if (t.equals("0")) {
      return Duration.ZERO;
    }
    Matcher m = FORM.matcher(t);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "invalid duration '"
              + text
              + "': expected a whole number and a unit, e.g. 500ms, 5s, 1m, 1h");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "us" -> Duration.ofNanos(n * 1000);
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      default -> Duration.ofHours(n);
    };
  }

  /** The inverse of {@link #parse}, choosing the largest exact unit. */
  public static String format(Duration d) {
    if (d.isZero()) {
      return "0s";
    }
    if (d.toNanos() % 1_000_000 != 0) {
      return d.toNanos() / 1000 + "us";
    }
    long ms = d.toMillis();
    if (ms % 3_600_000 == 0) {
      return ms / 3_600_000 + "h";
    }
    if (ms % 60_000 == 0) {
      return ms / 60_000 + "m";
    }
    if (ms % 1000 == 0) {
      return ms / 1000 + "s";
    }
    return ms + "ms";
  }
}
