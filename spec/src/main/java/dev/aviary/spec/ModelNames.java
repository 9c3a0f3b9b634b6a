package dev.aviary.spec;

import java.util.regex.Pattern;

/**
 * The shapes of registered model names, versions and aliases: safe in paths, URLs and {@code
 * name:version@alias}. The registry and the spec check them with these patterns only.
 */
public final class ModelNames {
  /** Lower-case letters, digits, '.', '_' or '-', starting and ending with a letter or digit. */
  public static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9._-]{0,126}[a-z0-9])?");

  /** A lower-case letter, then letters, digits, '_' or '-'. */
  public static final Pattern ALIAS = Pattern.compile("[a-z][a-z0-9_-]{0,62}");

  /** 1, 2, ... without sign or leading zeros; at most nine digits, so it fits an int. */
  public static final Pattern VERSION = Pattern.compile("[1-9][0-9]{0,8}");

  private ModelNames() {}

  /** Why {@code name} is not a model name, or null when it is. */
  public static String nameProblem(String name) {
    return name != null && NAME.matcher(name).matches()
        ? null
        : "model name '"
            + name
            + "' is invalid: expected lower-case letters, digits, '.', '_' or '-', starting and"
            + " ending with a letter or digit, at most 128 characters";
  }

  /** Why {@code alias} is not an alias, or null when it is. */
  public static String aliasProblem(String alias) {
    return alias != null && ALIAS.matcher(alias).matches()
        ? null
        : "alias '"
            + alias
            + "' is invalid: expected a lower-case letter, then letters, digits, '_' or '-', at"
            + " most 63 characters";
  }

  /** Why {@code version} is not a version number, or null when it is. */
  public static String versionProblem(String version) {
    return version != null && VERSION.matcher(version).matches()
        ? null
        : "version '" + version + "' is invalid: expected 1, 2, ... (at most 9 digits)";
  }
}
