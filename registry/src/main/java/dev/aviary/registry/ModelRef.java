package dev.aviary.registry;

import dev.aviary.spec.ModelNames;

/**
 * A reference to a version: {@code NAME} (the latest), {@code NAME:VERSION} or {@code NAME@ALIAS}.
 */
public record ModelRef(String name, Integer version, String alias) {

  public static ModelRef parse(String text) {
    int at = text.indexOf('@');
    int colon = text.indexOf(':');
    if (at >= 0 && colon >= 0) {
      throw new RegistryException(
          "model reference '" + text + "' is invalid: expected NAME, NAME:VERSION or NAME@ALIAS");
    }
    if (at >= 0) {
      return new ModelRef(
          Names.checkModelName(text.substring(0, at)),
          null,
          Names.checkAlias(text.substring(at + 1)));
    }
    if (colon >= 0) {
      return new ModelRef(
          Names.checkModelName(text.substring(0, colon)),
          version(text, text.substring(colon + 1)),
          null);
    }
    return new ModelRef(Names.checkModelName(text), null, null);
  }

  /** Like {@link #parse} but a version is required ({@code NAME:VERSION}). */
  public static ModelRef parseExact(String text) {
    ModelRef r = parse(text);
    if (r.version == null) {
      throw new RegistryException(
          "model reference '" + text + "' is invalid: expected NAME:VERSION, e.g. fraud:2");
    }
    return r;
  }

  static int version(String text, String v) {
    if (ModelNames.versionProblem(v) != null) {
      throw new RegistryException(
          "model reference '"
              + text
              + "' has an invalid version '"
              + v
              + "': expected 1, 2, ... (at most 9 digits)");
    }
    return Integer.parseInt(v);
  }

  @Override
  public String toString() {
    return name + (version != null ? ":" + version : "") + (alias != null ? "@" + alias : "");
  }
}
