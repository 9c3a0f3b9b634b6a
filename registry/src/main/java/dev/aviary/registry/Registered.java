package dev.aviary.registry;

/** The outcome of a registration: {@code created} is false when the same bytes were there. */
public record Registered(ModelVersion version, boolean created) {}
