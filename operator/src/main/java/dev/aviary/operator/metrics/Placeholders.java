package dev.aviary.operator.metrics;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Fills {@code {{revision}}}, {@code {{namespace}}} and {@code {{name}}} in provider fields. */
final class Placeholders {
  private static final Pattern P = Pattern.compile("\\{\\{\\s*(revision|namespace|name)\\s*}}");

  private Placeholders() {}

  static String fill(String text, MetricSource.Target t) {
    if (text == null) {
      return null;
    }
    Matcher m = P.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String v =
          switch (m.group(1)) {
            case "revision" -> t.revisionId();
            case "namespace" -> t.namespace();
            default -> t.deployment();
          };
      m.appendReplacement(out, Matcher.quoteReplacement(v));
    }
    m.appendTail(out);
    return out.toString();
  }
}
