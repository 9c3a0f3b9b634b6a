package dev.aviary.registry;

import java.time.Instant;

/** One move of an alias, kept forever: {@code fromVersion} is null when the alias was new. */
public record AliasMove(
    String name,
    String alias,
    Integer fromVersion,
    int toVersion,
    String movedBy,
    Instant movedAt) {}
