package dev.aviary.registry;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What {@code register} is asked to record. The registry computes the rest: sha256, size,
 * signature, version number, the time.
 *
 * @param lineage its {@code createdAt} is ignored: the registry's clock sets it
 * @param aliases aliases to point at the version once registered
 */
public record NewVersion(
    String name,
    Path file,
    Map<String, Double> metrics,
    Map<String, String> params,
    Map<String, String> tags,
    Lineage lineage,
    List<String> aliases) {
  public NewVersion {
    metrics = Map.copyOf(metrics);
    params = Map.copyOf(params);
    tags = Map.copyOf(tags);
    aliases = List.copyOf(aliases);
  }
}
