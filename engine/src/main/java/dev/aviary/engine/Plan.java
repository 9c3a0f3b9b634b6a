package dev.aviary.engine;

import dev.aviary.spec.Analyses;
import dev.aviary.spec.Analysis;
import dev.aviary.spec.AnalysisTemplate;
import dev.aviary.spec.CanaryStep;
import dev.aviary.spec.DeploymentSpec;
import dev.aviary.spec.Metric;
import dev.aviary.spec.ModelDeployment;
import dev.aviary.spec.Strategy;
import dev.aviary.spec.condition.Condition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A spec with every analysis resolved to concrete metrics; built once per call. */
record Plan(
    DeploymentSpec spec,
    String revisionId,
    Map<Integer, List<Metric>> stepMetrics,
    List<Metric> background,
    List<Metric> prePromotion,
    List<Metric> postPromotion) {

  /** Resolves analyses, or throws {@link IllegalArgumentException} saying what is wrong. */
  static Plan of(ModelDeployment md, Map<String, AnalysisTemplate> templates) {
    if (md == null
        || md.spec() == null
        || md.spec().model() == null
        || md.spec().strategy() == null) {
      throw new IllegalArgumentException("spec.model and spec.strategy are required");
    }
    DeploymentSpec spec = md.spec();
    Map<Integer, List<Metric>> steps = new HashMap<>();
    List<Metric> background = List.of();
    List<Metric> pre = List.of();
    List<Metric> post = List.of();
    if (spec.strategy() instanceof Strategy.Canary c) {
      for (int i = 0; i < c.steps().size(); i++) {
        if (c.steps().get(i) instanceof CanaryStep.AnalysisStep a) {
          steps.put(i, resolve(a.asAnalysis(), templates));
        }
      }
      if (c.analysis() != null) {
        background = resolve(c.analysis().asAnalysis(), templates);
      }
    } else if (spec.strategy() instanceof Strategy.BlueGreen bg) {
      pre =
          bg.prePromotionAnalysis() == null
              ? List.of()
              : resolve(bg.prePromotionAnalysis(), templates);
      post =
          bg.postPromotionAnalysis() == null
              ? List.of()
              : resolve(bg.postPromotionAnalysis(), templates);
    }
    return new Plan(spec, Revision.idOf(spec), steps, background, pre, post);
  }

  private static List<Metric> resolve(Analysis a, Map<String, AnalysisTemplate> templates) {
    List<Metric> metrics = Analyses.resolve(a, templates);
    List<String> names = new ArrayList<>();
    for (Metric m : metrics) {
      if (names.contains(m.name())) {
        throw new IllegalArgumentException("metric " + m.name() + " is defined twice");
      }
      names.add(m.name());
      for (String c : new String[] {m.successCondition(), m.failureCondition()}) {
        if (c != null) {
          try {
            Condition.parse(c);
          } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                "metric " + m.name() + ": invalid condition '" + c + "': " + e.getMessage(), e);
          }
        }
      }
    }
    return metrics;
  }

  int replicas() {
    return spec.replicas();
  }

  Duration progressDeadline() {
    return Duration.ofSeconds(spec.progressDeadlineSeconds());
  }

  Strategy strategy() {
    return spec.strategy();
  }

  boolean blueGreen() {
    return spec.strategy() instanceof Strategy.BlueGreen;
  }

  /** How long a revision that stops serving is kept up for an instant undo. */
  int scaleDownDelaySeconds() {
    return spec.strategy() instanceof Strategy.BlueGreen b
        ? b.scaleDownDelaySeconds()
        : ((Strategy.Canary) spec.strategy()).scaleDownDelaySeconds();
  }

  List<CanaryStep> steps() {
    return spec.strategy() instanceof Strategy.Canary c ? c.steps() : List.of();
  }
}
