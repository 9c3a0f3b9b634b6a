package dev.aviary.monitor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sample lines of the Prometheus text exposition format ({@code name{label="v",...} value
 * [timestamp]}). Comments and lines that are not a well-formed sample are skipped: a page is read
 * for the series a caller knows, and a stray line must not hide them. Values follow the format:
 * {@code +Inf}, {@code -Inf} and {@code NaN} are numbers.
 */
public final class PrometheusText {

  /** One sample; labels in the order of the line. */
  public record Sample(String name, Map<String, String> labels, double value) {
    public String label(String key) {
      return labels.get(key);
    }
  }

  private PrometheusText() {}

  public static List<Sample> parse(String text) {
    List<Sample> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      Sample s = line(line.strip());
      if (s != null) {
        out.add(s);
      }
    }
    return out;
  }

  /** A value as the format writes it; NumberFormatException when it is none. */
  public static double value(String text) {
    return switch (text) {
      case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> {
        // Java would also accept "Infinity", hex floats and a trailing d or f: the format does not
        if (text.isEmpty() || !Character.isDigit(text.charAt(text.length() - 1))) {
          throw new NumberFormatException("not a Prometheus value: " + text);
        }
        yield Double.parseDouble(text);
      }
    };
  }

  private static Sample line(String line) {
    if (line.isEmpty() || line.startsWith("#")) {
      return null;
    }
    int i = 0;
    while (i < line.length() && nameChar(line.charAt(i), i == 0)) {
      i++;
    }
    if (i == 0) {
      return null;
    }
    String name = line.substring(0, i);
    Map<String, String> labels = Collections.emptyMap();
    if (i < line.length() && line.charAt(i) == '{') {
      labels = new LinkedHashMap<>();
      i = labels(line, i + 1, labels);
      if (i < 0) {
        return null;
      }
    }
    String[] rest = line.substring(i).strip().split("\\s+");
    if (rest.length == 0 || rest.length > 2 || rest[0].isEmpty()) {
      return null;
    }
    try {
      return new Sample(name, labels, value(rest[0]));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Reads {@code a="x",b="y"}} from {@code i}; the index after the brace, or -1 if malformed. */
  private static int labels(String line, int i, Map<String, String> into) {
    while (true) {
      while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == ',')) {
        i++;
      }
      if (i >= line.length()) {
        return -1;
      }
      if (line.charAt(i) == '}') {
        return i + 1;
      }
      int start = i;
      while (i < line.length() && nameChar(line.charAt(i), i == start)) {
        i++;
      }
      if (i == start
          || i + 1 >= line.length()
          || line.charAt(i) != '='
          || line.charAt(i + 1) != '"') {
        return -1;
      }
      String key = line.substring(start, i);
      StringBuilder value = new StringBuilder();
      i += 2;
      while (i < line.length() && line.charAt(i) != '"') {
        char c = line.charAt(i);
        if (c == '\\' && i + 1 < line.length()) {
          char e = line.charAt(++i);
          value.append(e == 'n' ? '\n' : e);
        } else {
          value.append(c);
        }
        i++;
      }
      if (i >= line.length()) {
        return -1;
      }
      into.put(key, value.toString());
      i++;
    }
  }

  private static boolean nameChar(char c, boolean first) {
    return c == '_'
        || c == ':'
        || Character.isLetter(c) && c < 128
        || !first && c >= '0' && c <= '9';
  }
}
