package dev.aviary.gateway;

import java.util.List;

/** A configuration that cannot be used; {@link #problems()} names every problem with its path. */
public final class ConfigException extends RuntimeException {
  private final List<String> problems;

  public ConfigException(List<String> problems) {
    super(
        problems.size() == 1
            ? "invalid gateway configuration: " + problems.get(0)
            : "invalid gateway configuration ("
                + problems.size()
                + " problems): "
                + String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
