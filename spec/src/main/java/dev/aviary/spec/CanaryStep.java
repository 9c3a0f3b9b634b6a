package dev.aviary.spec;

import dev.aviary.spec.Field.Doc;
import dev.aviary.spec.Field.Key;
import dev.aviary.spec.Field.Range;
import dev.aviary.spec.Field.Required;
import dev.aviary.spec.Field.Scalar;
import java.time.Duration;
import java.util.List;

/** One step of a canary rollout. */
public sealed interface CanaryStep {

  /** Send this percentage of user traffic to the canary. */
  @Key("setWeight")
  @Scalar
  @Doc("Percentage of user traffic sent to the canary.")
  record SetWeight(@Required @Range(min = 0, max = 100) int weight) implements CanaryStep {}

  /** Wait for a duration, or without one until a promote command. */
  @Key("pause")
  @Doc("Wait for duration; {} waits until promoted.")
  record Pause(@Doc("How long to wait; absent = wait for a promote.") Duration duration)
      implements CanaryStep {}

  /** Run an analysis; the step ends when it succeeds. */
  @Key("analysis")
  @Doc("Run an analysis of the canary; the step ends when it is Successful.")
  record AnalysisStep(
      @Doc("Template references.") List<Analysis.TemplateRef> templates,
      @Doc("Metrics written in place.") List<Metric> metrics,
      @Doc("Arguments passed to the templates.") List<Analysis.Arg> args)
      implements CanaryStep {
    public AnalysisStep {
      templates = templates == null ? List.of() : List.copyOf(templates);
      metrics = metrics == null ? List.of() : List.copyOf(metrics);
      args = args == null ? List.of() : List.copyOf(args);
    }

    public Analysis asAnalysis() {
      return new Analysis(templates, metrics, args);
    }
  }

  /** Mirror a percentage of traffic to the canary; users only ever get stable answers. */
  @Key("shadow")
  @Doc(
      "Mirror a percentage of user traffic to the canary for a duration; users get stable answers.")
  record Shadow(
      @Required @Range(min = 1, max = 100) @Doc("Percentage of requests mirrored.") int percent,
      @Required @Doc("How long to mirror.") Duration duration)
      implements CanaryStep {}

  /** Route requests that match a header or cookie to the canary (A/B, internal testing). */
  @Key("setHeaderRoute")
  @Doc("Requests matching a header or cookie go to the canary; no match removes the route.")
  record SetHeaderRoute(
      @Required @Doc("Route name.") String name,
      @Doc("The match; absent removes the route.") Match match)
      implements CanaryStep {}

  /** Header or cookie match: exactly one of header and cookie. */
  record Match(
      @Doc("Header name.") String header,
      @Doc("Cookie name.") String cookie,
      @Required @Doc("Exact value to match.") String value) {}
}
