package dev.aviary.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

/** Turns an {@link Analysis} into the concrete metrics to measure, arguments filled in. */
public final class Analyses {
  static final java.util.regex.Pattern ARG =
      java.util.regex.Pattern.compile("\\{\\{\\s*args\\.([A-Za-z0-9_-]+)\\s*}}");

  private Analyses() {}

  /**
   * Metrics of the templates (in reference order) followed by the inline metrics. Call only on a
   * validated spec: unknown templates and missing arguments throw {@link IllegalArgumentException}.
   */
  public static List<Metric> resolve(Analysis analysis, Map<String, AnalysisTemplate> templates) {
    Map<String, String> given = new LinkedHashMap<>();
    analysis.args().forEach(a -> given.put(a.name(), a.value()));
    List<Metric> out = new ArrayList<>();
    for (Analysis.TemplateRef ref : analysis.templates()) {
      AnalysisTemplate t = templates.get(ref.templateName());
      if (t == null) {
        throw new IllegalArgumentException("no AnalysisTemplate named " + ref.templateName());
      }
      Map<String, String> args = new LinkedHashMap<>();
      for (AnalysisTemplate.ArgDefinition def : t.spec().args()) {
        String v = given.getOrDefault(def.name(), def.value());
        if (v == null) {
          throw new IllegalArgumentException(
              "template " + t.name() + " needs argument " + def.name());
        }
        args.put(def.name(), v);
      }
      for (Metric m : t.spec().metrics()) {
        out.add(fill(m, args));
      }
    }
    for (Metric m : analysis.metrics()) {
      out.add(fill(m, given));
    }
    return List.copyOf(out);
  }

  /** Names used as {@code {{args.NAME}}} in a metric's provider fields and conditions. */
  static List<String> argumentsUsed(Metric metric) {
    List<String> out = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    if (metric.provider() != null) {
      texts.addAll(strings(metric.provider()));
    }
    if (metric.successCondition() != null) {
      texts.add(metric.successCondition());
    }
    if (metric.failureCondition() != null) {
      texts.add(metric.failureCondition());
    }
    for (String s : texts) {
      Matcher m = ARG.matcher(s);
      while (m.find()) {
        out.add(m.group(1));
      }
    }
    return out;
  }

  private static List<String> strings(MetricProvider p) {
    List<String> out = new ArrayList<>();
    if (p instanceof MetricProvider.Prometheus pr) {
      out.add(pr.address());
      out.add(pr.query());
      out.add(pr.sampleSizeQuery());
    } else if (p instanceof MetricProvider.Web w) {
      out.add(w.url());
      out.add(w.jsonPath());
      out.addAll(w.headers().values());
    } else if (p instanceof MetricProvider.Builtin b) {
      out.add(b.metric());
    }
    out.removeIf(s -> s == null);
    return out;
  }

  private static MetricProvider substitute(MetricProvider p, Map<String, String> args) {
    if (p instanceof MetricProvider.Prometheus pr) {
      return new MetricProvider.Prometheus(
          fill(pr.address(), args), fill(pr.query(), args), fill(pr.sampleSizeQuery(), args));
    }
    if (p instanceof MetricProvider.Web w) {
      Map<String, String> headers = new LinkedHashMap<>();
      w.headers().forEach((k, v) -> headers.put(k, fill(v, args)));
      return new MetricProvider.Web(
          fill(w.url(), args), headers, fill(w.jsonPath(), args), w.timeoutSeconds());
    }
    MetricProvider.Builtin b = (MetricProvider.Builtin) p;
    return new MetricProvider.Builtin(fill(b.metric(), args), b.window());
  }

  private static String fill(String s, Map<String, String> args) {
    if (s == null) {
      return null;
    }
    Matcher m = ARG.matcher(s);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String v = args.get(m.group(1));
      m.appendReplacement(out, Matcher.quoteReplacement(v == null ? m.group() : v));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static Metric fill(Metric m, Map<String, String> args) {
    return new Metric(
        m.name(),
        substitute(m.provider(), args),
        m.interval(),
        m.initialDelay(),
        m.count(),
        fill(m.successCondition(), args),
        fill(m.failureCondition(), args),
        m.failureLimit(),
        m.inconclusiveLimit(),
        m.consecutiveErrorLimit(),
        m.minSampleSize(),
        m.dryRun());
  }
}
