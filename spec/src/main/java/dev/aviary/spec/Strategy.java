package dev.aviary.spec;

import dev.aviary.spec.Field.Default;
import dev.aviary.spec.Field.Doc;
import dev.aviary.spec.Field.Key;
import dev.aviary.spec.Field.Range;
import java.util.List;

/** How a new revision replaces the stable one. */
public sealed interface Strategy {

  /** Shift user traffic to the new revision in steps, with analysis between them. */
  @Key("canary")
  @Doc("Shift user traffic to the new revision step by step, with analysis between steps.")
  record Canary(
      @Doc("Steps run in order; after the last one the canary is promoted to stable.")
          List<CanaryStep> steps,
      @Doc("Analysis that runs in the background across the steps, from startingStep on.")
          BackgroundAnalysis analysis,
      @Doc("Which traffic provider realises the weights; the backend defines the choices.")
          TrafficRouting trafficRouting,
      @Default("30")
          @Range(min = 0, max = 86400)
          @Doc(
              "Seconds the previous stable revision stays up after a promotion, for an instant"
                  + " rollback.")
          int scaleDownDelaySeconds,
      @Doc("Going back to one of the last stable revisions skips steps and analysis.")
          RollbackWindow rollbackWindow)
      implements Strategy {
    public Canary {
      steps = steps == null ? List.of() : List.copyOf(steps);
    }

    /** A canary with no scale-down delay and no rollback window. */
    public Canary(
        List<CanaryStep> steps, BackgroundAnalysis analysis, TrafficRouting trafficRouting) {
      this(steps, analysis, trafficRouting, 0, null);
    }
  }

  /** Rollbacks that skip the strategy, as Argo Rollouts' {@code rollbackWindow}. */
  record RollbackWindow(
      @Range(min = 0, max = 100)
          @Doc(
              "How many revisions back from the stable one a rollback (undo, or applying an"
                  + " earlier spec again) switches at once, without steps or analysis.")
          int revisions) {}

  /** Run the new revision beside the old one with no user traffic, then switch atomically. */
  @Key("blueGreen")
  @Doc(
      "Start the new revision (preview) at full size with no user traffic, analyse it, then"
          + " switch all traffic at once.")
  record BlueGreen(
      @Range(min = 1, max = 1000)
          @Doc("Replicas of the preview revision before promotion; defaults to spec.replicas.")
          Integer previewReplicas,
      @Default("true")
          @Doc(
              "Promote without a human once the preview is ready and pre-promotion analysis"
                  + " passed.")
          boolean autoPromotionEnabled,
      @Range(min = 0, max = 604800)
          @Doc("Wait this long after the preview is ready before promoting automatically.")
          Integer autoPromotionSeconds,
      @Doc("Analysis of the preview revision before the switch.") Analysis prePromotionAnalysis,
      @Doc("Analysis of the new active revision after the switch; failure switches back.")
          Analysis postPromotionAnalysis,
      @Default("30")
          @Range(min = 0, max = 86400)
          @Doc("Seconds the old revision stays up after the switch, for an instant rollback.")
          int scaleDownDelaySeconds,
      @Doc("How the preview revision is reached before promotion.") PreviewAccess previewAccess,
      @Doc("Going back to one of the last stable revisions skips analysis and the promotion gate.")
          RollbackWindow rollbackWindow)
      implements Strategy {
    /** A blue/green strategy with no rollback window. */
    public BlueGreen(
        Integer previewReplicas,
        boolean autoPromotionEnabled,
        Integer autoPromotionSeconds,
        Analysis prePromotionAnalysis,
        Analysis postPromotionAnalysis,
        int scaleDownDelaySeconds,
        PreviewAccess previewAccess) {
      this(
          previewReplicas,
          autoPromotionEnabled,
          autoPromotionSeconds,
          prePromotionAnalysis,
          postPromotionAnalysis,
          scaleDownDelaySeconds,
          previewAccess,
          null);
    }
  }

  /** How testers reach the preview revision. */
  record PreviewAccess(
      @Default("x-aviary-preview") @Doc("Requests with this header go to the preview revision.")
          String header,
      @Default("true") @Doc("Value the header must have.") String value,
      @Range(min = 1, max = 65535) @Doc("Optional extra gateway port that serves only the preview.")
          Integer port) {}

  /** Background analysis: the analysis plus the first step from which it runs. */
  record BackgroundAnalysis(
      @Default("0") @Range(min = 0) @Doc("Index of the step from which the analysis runs.")
          int startingStep,
      @Doc("Template references.") List<Analysis.TemplateRef> templates,
      @Doc("Metrics written in place.") List<Metric> metrics,
      @Doc("Arguments passed to the templates.") List<Analysis.Arg> args) {
    public BackgroundAnalysis {
      templates = templates == null ? List.of() : List.copyOf(templates);
      metrics = metrics == null ? List.of() : List.copyOf(metrics);
      args = args == null ? List.of() : List.copyOf(args);
    }

    public Analysis asAnalysis() {
      return new Analysis(templates, metrics, args);
    }
  }

  /** Traffic provider choice. */
  record TrafficRouting(
      @Default("aviary")
          @Doc("Provider name, e.g. aviary (the Aviary gateway), gatewayApi, istio, replicas.")
          String provider) {}
}
