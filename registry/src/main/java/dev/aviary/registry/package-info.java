/**
 * The model registry: ONNX artifacts stored by content (sha256), numbered versions per model name
 * with the signature read from the file and the lineage that produced it, and aliases whose every
 * move is kept. {@link dev.aviary.registry.Registries#open} picks SQLite for a directory and
 * PostgreSQL for a {@code jdbc:postgresql:} URL; both run {@code ModelRegistryContract}.
 */
package dev.aviary.registry;
