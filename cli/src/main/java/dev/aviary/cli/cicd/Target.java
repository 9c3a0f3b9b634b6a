package dev.aviary.cli.cicd;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Where the deploy stage rolls the model out. */
public enum Target {
  /** The embedded platform: {@code aviary apply --wait}. */
  LOCAL,
  /** A cluster with the Aviary operator: the spec applied with kubectl. */
  KUBERNETES,
  /** A cluster with the Aviary operator: the model's Helm chart. */
  HELM;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Target> of(String id) {
    return Arrays.stream(values()).filter(t -> t.id().equals(id)).findFirst();
  }

  public static String ids() {
    return String.join(", ", Arrays.stream(values()).map(Target::id).toList());
  }
}
