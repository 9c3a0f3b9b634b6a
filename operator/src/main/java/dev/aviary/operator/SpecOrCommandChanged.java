package dev.aviary.operator;

import dev.aviary.operator.crd.ModelDeploymentResource;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import java.util.Map;
import java.util.Objects;

/**
 * Which updates of a ModelDeployment start a reconciliation: a new spec ({@code
 * metadata.generation}), a new command (the command annotations, which do not bump the generation),
 * or the start of deletion. Everything else, above all the operator's own status writes, is left
 * out, so that a status write never triggers another reconciliation.
 */
public final class SpecOrCommandChanged implements OnUpdateFilter<ModelDeploymentResource> {
  @Override
  public boolean accept(ModelDeploymentResource updated, ModelDeploymentResource old) {
    return generationChanged(updated, old)
        || !Objects.equals(command(updated), command(old))
        || updated.isMarkedForDeletion() && !old.isMarkedForDeletion();
  }

  private static boolean generationChanged(
      ModelDeploymentResource updated, ModelDeploymentResource old) {
    Long before = old.getMetadata().getGeneration();
    Long after = updated.getMetadata().getGeneration();
    return before == null || after == null || !before.equals(after);
  }

  private static String command(ModelDeploymentResource md) {
    Map<String, String> a =
        md.getMetadata().getAnnotations() == null ? Map.of() : md.getMetadata().getAnnotations();
    return a.get(ModelDeploymentResource.COMMAND_ID_ANNOTATION)
        + "\n"
        + a.get(ModelDeploymentResource.COMMAND_ANNOTATION);
  }
}
