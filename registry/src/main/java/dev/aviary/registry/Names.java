package dev.aviary.registry;

import java.util.regex.Pattern;

/** The shapes of model names and aliases: safe in paths, URLs and {@code name:version@alias}. */
public final class Names {
  private static final Pattern MODEL = Pattern.compile("[a-z0-9]([a-z0-9._-]{0,126}[a-z0-9])?");
  private static final Pattern ALIAS = Pattern.compile("[a-z][a-z0-9_-]{0,62}");

  private Names() {}

  public static String checkModelName(String name) {
    if (name == null || !MODEL.matcher(name).matches()) {
      throw new RegistryException(
          "model name '"
              + name
              + "' is invalid: expected lower-case letters, digits, '.', '_' or '-', starting and"
              + " ending with a letter or digit, at most 128 characters");
    }
    return name;
  }

  public static String checkAlias(String alias) {
    if (alias == null || !ALIAS.matcher(alias).matches()) {
      throw new RegistryException(
          "alias '"
              + alias
              + "' is invalid: expected a lower-case letter, then letters, digits, '_' or '-', at"
              + " most 63 characters");
    }
    return alias;
  }
}
