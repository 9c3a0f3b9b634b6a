package dev.aviary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aviary.registry.AliasMove;
import dev.aviary.registry.ModelRegistry;
import dev.aviary.registry.ModelVersion;
import dev.aviary.registry.Names;
import dev.aviary.registry.RegistryException;
import java.util.Optional;

/**
 * {@code apply --wait --promote-alias ALIAS}: after a Healthy rollout, points the alias at the
 * registered version of {@code spec.model.name} whose sha256 is that of the file now serving (the
 * platform reports it), so the registry says what production runs.
 */
final class AliasPromotion {
  private AliasPromotion() {}

  /** The line to print: the move, or why nothing moved. */
  static String promote(ModelRegistry registry, JsonNode deployment, String alias, String by) {
    String deploymentName = deployment.path("name").asText();
    String model = deployment.path("spec").path("spec").path("model").path("name").asText("");
    String sha256 = deployment.path("model").path("sha256").asText("");
    if (sha256.isEmpty()) {
      return "note: the platform does not report the sha256 of "
          + deploymentName
          + "'s model file, so alias "
          + alias
          + " was not moved";
    }
    Optional<ModelVersion> serving = registered(registry, model, sha256);
    if (serving.isEmpty()) {
      return "note: "
          + deploymentName
          + " serves a model (sha256 "
          + sha256.substring(0, 12)
          + ") that is not a registered version of '"
          + model
          + "' in "
          + registry.location()
          + ", so alias "
          + alias
          + " was not moved";
    }
    AliasMove m = registry.setAlias(model, serving.get().version(), alias, by);
    return "alias "
        + m.alias()
        + " -> "
        + m.name()
        + ":"
        + m.toVersion()
        + (m.fromVersion() == null
            ? " (new)"
            : m.fromVersion() == m.toVersion()
                ? " (unchanged)"
                : " (was " + m.name() + ":" + m.fromVersion() + ")");
  }

  private static Optional<ModelVersion> registered(
      ModelRegistry registry, String model, String sha256) {
    try {
      Names.checkModelName(model);
    } catch (RegistryException e) {
      return Optional.empty(); // a spec.model.name outside the registry's grammar is not in it
    }
    return registry.list(model).stream().filter(v -> v.sha256().equals(sha256)).findFirst();
  }
}
