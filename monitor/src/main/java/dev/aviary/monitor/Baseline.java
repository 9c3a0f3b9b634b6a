package dev.aviary.monitor;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The training baseline live traffic is compared with: the model's input features in the order of
 * its input tensor's columns, and, when known, the label column's class counts.
 *
 * @param rows training rows profiled
 * @param label the label column, or null
 * @param labels class counts of the label column (empty without one)
 */
public record Baseline(
    long rows, String label, List<FeatureBaseline> features, Map<String, Long> labels) {
  /** The version of the file format this code reads and writes. */
  public static final int FORMAT_VERSION = 1;

  public Baseline {
    features = List.copyOf(features);
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    if (features.isEmpty()) {
      throw new IllegalArgumentException("a baseline needs at least one feature");
    }
    Set<String> names = new HashSet<>();
    for (FeatureBaseline f : features) {
      if (!names.add(f.name())) {
        throw new IllegalArgumentException("feature '" + f.name() + "' appears twice");
      }
    }
    Objects.requireNonNull(labels);
  }
}
