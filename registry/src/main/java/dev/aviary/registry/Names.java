package dev.aviary.registry;

import dev.aviary.spec.ModelNames;

/** Checks of model names and aliases, with the grammar of {@link ModelNames}. */
public final class Names {
  private Names() {}

  public static String checkModelName(String name) {
    return check(name, ModelNames.nameProblem(name));
  }

  public static String checkAlias(String alias) {
    return check(alias, ModelNames.aliasProblem(alias));
  }

  private static String check(String value, String problem) {
    if (problem != null) {
      throw new RegistryException(problem);
    }
    return value;
  }
}
