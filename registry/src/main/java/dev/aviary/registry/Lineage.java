package dev.aviary.registry;

import java.time.Instant;

/**
 * Where a version came from. Every field but {@code createdBy} and {@code createdAt} may be null
 * when unknown.
 *
 * @param gitDirty whether the working tree had uncommitted changes; null when the commit was given
 *     rather than detected
 * @param dataSha256 the training data's sha256, when it was a local file
 */
public record Lineage(
    String gitCommit,
    Boolean gitDirty,
    String dataUri,
    String dataSha256,
    String trainedBy,
    Integer parentVersion,
    String createdBy,
    Instant createdAt) {}
