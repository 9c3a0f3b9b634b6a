package dev.aviary.analysis.alert;

import java.util.Map;

/** A label matcher: {@code name="value"} or {@code name=~"regex"}. */
public record Matcher(String label, String value, boolean regex) {
  public static Matcher eq(String label, String value) {
    return new Matcher(label, value, false);
  }

  public static Matcher re(String label, String regex) {
    return new Matcher(label, regex, true);
  }

  public boolean matches(Map<String, String> labels) {
    String v = labels.getOrDefault(label, "");
    return regex ? v.matches(value) : v.equals(value);
  }

  String promql() {
    return label
        + (regex ? "=~" : "=")
        + '"'
        + value.replace("\\", "\\\\").replace("\"", "\\\"")
        + '"';
  }
}
