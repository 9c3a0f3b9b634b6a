package dev.aviary.spec;

import dev.aviary.spec.Field.Doc;
import dev.aviary.spec.Field.Required;
import java.util.List;

/** Reusable metrics, referenced by name from analyses. */
@Doc("Reusable analysis metrics with arguments.")
public record AnalysisTemplate(
    @Required @Doc("Always aviary.dev/v1alpha1.") String apiVersion,
    @Required @Doc("Always AnalysisTemplate.") String kind,
    @Required ObjectMeta metadata,
    @Required Spec spec) {

  public static final String KIND = "AnalysisTemplate";

  public String name() {
    return metadata.name();
  }

  /** Arguments and metrics. */
  public record Spec(
      @Doc("Arguments the metrics use as {{args.NAME}}.") List<ArgDefinition> args,
      @Required @Doc("The metrics.") List<Metric> metrics) {
    public Spec {
      args = args == null ? List.of() : List.copyOf(args);
      metrics = metrics == null ? List.of() : List.copyOf(metrics);
    }
  }

  /** An argument; without a value it must be supplied by every reference. */
  public record ArgDefinition(@Required String name, @Doc("Default value.") String value) {}
}
