package dev.aviary.durations;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as users write them everywhere: in specs, command-line flags and configuration files.
 *
 * <ul>
 *   <li>one or more parts of a number and a unit, largest first or not: {@code 250us}, {@code
 *       500ms}, {@code 5s}, {@code 1.5s}, {@code 2m}, {@code 1h30m}; units {@code us}, {@code ms},
 *       {@code s}, {@code m}, {@code h}; a number may have a decimal fraction;
 *   <li>{@code 0} alone;
 *   <li>ISO-8601 in upper case: {@code PT20S}, {@code PT1M30S}, {@code P1D}.
 * </ul>
 *
 * Nothing negative, no spaces. What reads a duration checks the range it allows.
 */
public final class Durations {
  private static final String NUMBER = "\\d+(?:\\.\\d+)?";
  private static final String SHORT = "(?:" + NUMBER + "(?:us|ms|s|m|h))+";
  private static final String ISO = "P(?:\\d+D)?(?:T(?:\\d+H)?(?:\\d+M)?(?:" + NUMBER + "S)?)?";

  /** The whole grammar as a regular expression (also the JSON schema and CRD pattern). */
  public static final String REGEX = "^(?:0|" + SHORT + "|" + ISO + ")$";

  /** What a user is told a duration looks like. */
  public static final String EXPECTED = "a duration such as 30s, 5m, 1h30m or 250ms";

  private static final Pattern WHOLE = Pattern.compile(REGEX);
  private static final Pattern PART = Pattern.compile("(" + NUMBER + ")(us|ms|s|m|h)");

  private Durations() {}

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException "must be a duration such as ..., got '...'"
   */
  public static Duration parse(String text) {
    if (text == null || !WHOLE.matcher(text).matches() || text.equals("P") || text.endsWith("T")) {
      throw new IllegalArgumentException("must be " + EXPECTED + ", got '" + text + "'");
    }
    if (text.equals("0")) {
      return Duration.ZERO;
    }
    if (text.startsWith("P")) {
      return Duration.parse(text);
    }
    Matcher m = PART.matcher(text);
    BigDecimal nanos = BigDecimal.ZERO;
    while (m.find()) {
      long unit =
          switch (m.group(2)) {
            case "us" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            default -> 3_600_000_000_000L;
          };
      nanos = nanos.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit)));
    }
    try {
      return Duration.ofNanos(nanos.setScale(0, RoundingMode.DOWN).longValueExact());
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(
          "must be " + EXPECTED + " (at most 292 years), got '" + text + "'");
    }
  }

  /** The shortest form {@link #parse} reads back exactly, with the largest whole unit. */
  public static String format(Duration d) {
    if (d.isZero()) {
      return "0s";
    }
    long nanos = d.toNanos();
    if (nanos % 1_000_000 != 0) {
      return nanos / 1000 + "us";
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
