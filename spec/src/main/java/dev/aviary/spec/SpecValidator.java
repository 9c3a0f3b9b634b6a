package dev.aviary.spec;

import dev.aviary.spec.condition.Condition;
import dev.aviary.spec.condition.ConditionException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks that span fields (references, conditions, combinations) on bound documents. Tolerates
 * nulls left by binding problems so that every problem is reported in one pass.
 */
final class SpecValidator {
  private final List<Problem> problems = new ArrayList<>();
  private final Map<String, AnalysisTemplate> templates;

  private SpecValidator(Map<String, AnalysisTemplate> templates) {
    this.templates = templates;
  }

  static List<Problem> validateDeployment(ModelDeployment md, Map<String, AnalysisTemplate> lib) {
    SpecValidator v = new SpecValidator(lib);
    v.deployment(md);
    return v.problems;
  }

  static List<Problem> validateTemplate(AnalysisTemplate t) {
    SpecValidator v = new SpecValidator(Map.of());
    if (t.spec() == null) {
      return v.problems;
    }
    Set<String> defined = new HashSet<>();
    for (int i = 0; i < t.spec().args().size(); i++) {
      if (!defined.add(t.spec().args().get(i).name())) {
        v.fail("spec.args[" + i + "].name", "duplicate argument name");
      }
    }
    if (t.spec().metrics().isEmpty()) {
      v.fail("spec.metrics", "must list at least one metric");
    }
    v.metrics(t.spec().metrics(), "spec.metrics", false);
    for (int i = 0; i < t.spec().metrics().size(); i++) {
      Metric m = t.spec().metrics().get(i);
      for (String used : Analyses.argumentsUsed(m)) {
        if (!defined.contains(used)) {
          v.fail(
              "spec.metrics[" + i + "]",
              "uses {{args." + used + "}} but spec.args does not define " + used);
        }
      }
    }
    return v.problems;
  }

  private void deployment(ModelDeployment md) {
    DeploymentSpec spec = md.spec();
    if (spec != null) {
      server(spec.server(), "spec.server");
      problems.addAll(MonitoringChecks.problems(spec.monitoring(), "spec.monitoring"));
    }
    if (spec == null || spec.strategy() == null) {
      return;
    }
    if (spec.strategy() instanceof Strategy.Canary c) {
      canary(c, "spec.strategy.canary");
    } else if (spec.strategy() instanceof Strategy.BlueGreen bg) {
      blueGreen(bg, spec, "spec.strategy.blueGreen");
    }
  }

  /** Only allow-listed variables and flags reach the server process (see ServerAllowLists). */
  private void server(ServerSettings server, String path) {
    problems.addAll(ServerAllowLists.problems(server, path));
  }

  private void canary(Strategy.Canary c, String path) {
    for (int i = 0; i < c.steps().size(); i++) {
      CanaryStep step = c.steps().get(i);
      String stepPath = path + ".steps[" + i + "]";
      if (step instanceof CanaryStep.AnalysisStep a) {
        analysis(a.asAnalysis(), stepPath + ".analysis", true);
      } else if (step instanceof CanaryStep.SetHeaderRoute r && r.match() != null) {
        CanaryStep.Match m = r.match();
        if ((m.header() == null) == (m.cookie() == null)) {
          fail(stepPath + ".setHeaderRoute.match", "must set exactly one of header and cookie");
        }
      }
    }
    if (c.analysis() != null) {
      if (c.analysis().startingStep() > c.steps().size()) {
        fail(
            path + ".analysis.startingStep",
            "must be at most the number of steps ("
                + c.steps().size()
                + "), got "
                + c.analysis().startingStep());
      }
      analysis(c.analysis().asAnalysis(), path + ".analysis", false);
    }
  }

  private void blueGreen(Strategy.BlueGreen bg, DeploymentSpec spec, String path) {
    if (!bg.autoPromotionEnabled() && bg.autoPromotionSeconds() != null) {
      fail(
          path + ".autoPromotionSeconds",
          "has no effect when autoPromotionEnabled is false; remove one of them");
    }
    if (bg.prePromotionAnalysis() != null) {
      analysis(bg.prePromotionAnalysis(), path + ".prePromotionAnalysis", true);
    }
    if (bg.postPromotionAnalysis() != null) {
      analysis(bg.postPromotionAnalysis(), path + ".postPromotionAnalysis", true);
    }
  }

  /** {@code bounded}: the analysis gates a step, so every metric must finish. */
  private void analysis(Analysis a, String path, boolean bounded) {
    if (a.templates().isEmpty() && a.metrics().isEmpty()) {
      fail(path, "must reference at least one template or list at least one metric");
    }
    Set<String> names = new LinkedHashSet<>();
    Set<String> accepted = new HashSet<>();
    for (int i = 0; i < a.templates().size(); i++) {
      String name = a.templates().get(i).templateName();
      AnalysisTemplate t = templates.get(name);
      String refPath = path + ".templates[" + i + "].templateName";
      if (t == null) {
        fail(
            refPath,
            "no AnalysisTemplate named '"
                + name
                + "'; known: "
                + (templates.isEmpty() ? "none" : String.join(", ", templates.keySet())));
        continue;
      }
      if (t.spec() == null) {
        continue;
      }
      for (AnalysisTemplate.ArgDefinition def : t.spec().args()) {
        accepted.add(def.name());
        boolean given = a.args().stream().anyMatch(x -> def.name().equals(x.name()));
        if (def.value() == null && !given) {
          fail(path + ".args", "template '" + name + "' needs argument '" + def.name() + "'");
        }
      }
      for (Metric m : t.spec().metrics()) {
        if (!names.add(m.name())) {
          fail(refPath, "metric '" + m.name() + "' is defined twice in this analysis");
        }
        if (bounded) {
          bounded(m, refPath + " (metric " + m.name() + ")");
        }
      }
    }
    for (int i = 0; i < a.metrics().size(); i++) {
      Metric m = a.metrics().get(i);
      if (m.name() != null && !names.add(m.name())) {
        fail(path + ".metrics[" + i + "].name", "metric '" + m.name() + "' is defined twice");
      }
      for (String used : Analyses.argumentsUsed(m)) {
        accepted.add(used);
        if (a.args().stream().noneMatch(x -> used.equals(x.name()))) {
          fail(path + ".metrics[" + i + "]", "uses {{args." + used + "}} but args has no " + used);
        }
      }
    }
    metrics(a.metrics(), path + ".metrics", bounded);
    for (int i = 0; i < a.args().size(); i++) {
      String n = a.args().get(i).name();
      if (n != null && !accepted.contains(n) && !a.templates().isEmpty()) {
        boolean allKnown =
            a.templates().stream().allMatch(r -> templates.containsKey(r.templateName()));
        if (allKnown) {
          fail(
              path + ".args[" + i + "].name",
              "no referenced template defines argument '" + n + "'");
        }
      }
    }
  }

  private void metrics(List<Metric> metrics, String path, boolean bounded) {
    for (int i = 0; i < metrics.size(); i++) {
      Metric m = metrics.get(i);
      String p = path + "[" + i + "]";
      if (m.successCondition() == null && m.failureCondition() == null) {
        fail(p, "must set successCondition, failureCondition or both");
      }
      condition(m.successCondition(), p + ".successCondition");
      condition(m.failureCondition(), p + ".failureCondition");
      if (m.count() != null && m.count() > 1 && m.interval() == null) {
        fail(p + ".interval", "is required when count is more than 1");
      }
      if (bounded) {
        bounded(m, p);
      }
      if (m.interval() != null && m.interval().isZero()) {
        fail(p + ".interval", "must be longer than 0s");
      }
      if (m.provider() instanceof MetricProvider.Builtin b
          && b.metric() != null
          && !b.metric().contains("{{")
          && !MetricProvider.BUILTIN_METRICS.contains(b.metric())) {
        fail(
            p + ".provider.builtin.metric",
            "must be one of "
                + String.join(", ", MetricProvider.BUILTIN_METRICS)
                + ", got '"
                + b.metric()
                + "'");
      }
    }
  }

  private void bounded(Metric m, String p) {
    if (m.interval() != null && m.count() == null) {
      fail(p + ".count", "is required with an interval here, or the analysis would never end");
    }
  }

  private void condition(String text, String path) {
    if (text == null) {
      return;
    }
    try {
      // Arguments are filled in before evaluation; any number stands in for them here.
      Condition.parse(Analyses.ARG.matcher(text).replaceAll("0"));
    } catch (ConditionException e) {
      fail(path, "invalid condition " + e.getMessage() + " in '" + text + "'");
    }
  }

  private void fail(String path, String message) {
    problems.add(new Problem(path, message));
  }
}
