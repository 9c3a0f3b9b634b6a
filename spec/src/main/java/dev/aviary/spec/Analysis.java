package dev.aviary.spec;

import dev.aviary.spec.Field.Doc;
import dev.aviary.spec.Field.Required;
import java.util.List;

/** An analysis: metrics from templates and/or written in place, with arguments. */
public record Analysis(
    @Doc("Template references.") List<TemplateRef> templates,
    @Doc("Metrics written in place.") List<Metric> metrics,
    @Doc("Arguments passed to the templates.") List<Arg> args) {

  public Analysis {
    templates = templates == null ? List.of() : List.copyOf(templates);
    metrics = metrics == null ? List.of() : List.copyOf(metrics);
    args = args == null ? List.of() : List.copyOf(args);
  }

  /** Reference to an {@link AnalysisTemplate} by name. */
  public record TemplateRef(@Required @Doc("metadata.name of the template.") String templateName) {}

  /** A value for a template argument, used as {@code {{args.NAME}}} in provider fields. */
  public record Arg(@Required String name, @Required String value) {}
}
