package dev.aviary.analysis.alert;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One alert: the expression whose elements are the firing series, how long each must hold, and what
 * a person is told. {@code summary} and {@code description} may use {@code {{ $labels.NAME }}} as
 * Prometheus templates do, and nothing else, so the platform renders them as Prometheus would.
 */
public record AlertRule(
    String name,
    Expr expr,
    Duration duration,
    String severity,
    String summary,
    String description,
    String runbookUrl) {

  public Map<String, String> labels() {
    return Map.of("severity", severity);
  }

  private static final Pattern LABEL =
      Pattern.compile("\\{\\{ \\$labels\\.([a-zA-Z_][a-zA-Z0-9_]*) }}");

  public Map<String, String> annotations() {
    return Map.of("summary", summary, "description", description, "runbook_url", runbookUrl);
  }

  /** The alert's labels for a firing series: the series' labels and the rule's. */
  public Map<String, String> labelsFor(Map<String, String> series) {
    Map<String, String> out = new TreeMap<>(series);
    out.putAll(labels());
    return out;
  }

  /** The annotations with {@code {{ $labels.NAME }}} replaced by the series' label values. */
  public Map<String, String> annotationsFor(Map<String, String> series) {
    Map<String, String> out = new TreeMap<>();
    annotations()
        .forEach(
            (k, v) ->
                out.put(
                    k,
                    LABEL
                        .matcher(v)
                        .replaceAll(
                            m -> Matcher.quoteReplacement(series.getOrDefault(m.group(1), "")))));
    return out;
  }
}
