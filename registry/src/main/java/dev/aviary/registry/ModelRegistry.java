package dev.aviary.registry;

import java.nio.file.Path;
import java.util.List;

/**
 * The registry's storage. Every method either completes or changes nothing; failures are {@link
 * RegistryException}s with a one-line message.
 */
public interface ModelRegistry extends AutoCloseable {

  /**
   * Stores the file and records a new version, or returns the version that already holds these
   * bytes under this name. Requested aliases are pointed at the result either way.
   */
  Registered register(NewVersion request);

  /** Every version of {@code name}, or of every model when null, by name then version. */
  List<ModelVersion> list(String name);

  /** The version a reference names; the latest for a bare name. */
  ModelVersion get(ModelRef ref);

  /** Points {@code alias} at {@code name:version} and records the move. */
  AliasMove setAlias(String name, int version, String alias, String movedBy);

  /** Every alias move of {@code name}, oldest first. */
  List<AliasMove> aliasHistory(String name);

  /** Removes a version; refused while an alias points at it. */
  void delete(String name, int version);

  /** Writes the version's bytes to {@code target} (whole or not at all), checking its sha256. */
  void download(String name, int version, Path target);

  /** Where this registry lives, for messages (a password in a URL is not shown). */
  String location();

  @Override
  void close();
}
