package dev.aviary.analysis;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills {@code {{revision}}}, {@code {{name}}} and {@code {{namespace}}} (spaces inside the braces
 * allowed, as in {@code {{ revision }}}) in the text fields of every provider. Other {@code
 * {{...}}} text is left as it is: {@code {{args.NAME}}} was resolved when the spec was read.
 */
public final class Placeholders {
  private static final Pattern P = Pattern.compile("\\{\\{\\s*(revision|namespace|name)\\s*}}");

  private Placeholders() {}

  public static String fill(String text, MetricSource.Target t) {
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
