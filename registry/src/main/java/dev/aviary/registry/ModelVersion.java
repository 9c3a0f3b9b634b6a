package dev.aviary.registry;

import java.util.List;
import java.util.SortedMap;

/** A registered, immutable model version and the aliases pointing at it now. */
public record ModelVersion(
    String name,
    int version,
    String sha256,
    long size,
    String format,
    Signature signature,
    SortedMap<String, Double> metrics,
    SortedMap<String, String> params,
    SortedMap<String, String> tags,
    Lineage lineage,
    List<String> aliases) {
  public ModelVersion {
    metrics = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(metrics));
    params = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(params));
    tags = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(tags));
    aliases = List.copyOf(aliases);
  }

  /** {@code name:version}, the form every command accepts. */
  public String ref() {
    return name + ":" + version;
  }
}
