package dev.aviary.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aviary.registry.RegistryException;
import dev.aviary.registry.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The model file a deployment's spec names and its sha256, so that a client can tell which
 * registered version serves (content addressing) without reading the platform's files itself.
 *
 * <p>{@code status --wait} reads the deployment every second; the digest is kept while the file's
 * size and modification time stay the same.
 */
final class ServedModels {
  private record Stamp(long size, long modified, String sha256) {}

  private final ModelFiles files;
  private final Map<Path, Stamp> digests = new ConcurrentHashMap<>();

  ServedModels(ModelFiles files) {
    this.files = files;
  }

  /** {@code {"uri", "sha256"}} for the spec's model, or null when it cannot be read. */
  ObjectNode describe(JsonNode spec) {
    String uri = spec.path("spec").path("model").path("uri").asText("");
    if (uri.isEmpty() || files.check(uri) != null) {
      return null;
    }
    Path path = files.resolve(uri);
    try {
      long size = Files.size(path);
      long modified = Files.getLastModifiedTime(path).toMillis();
      Stamp known = digests.get(path);
      if (known == null || known.size() != size || known.modified() != modified) {
        known = new Stamp(size, modified, Sha256.of(path));
        digests.put(path, known);
      }
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      out.put("uri", uri);
      out.put("sha256", known.sha256());
      return out;
    } catch (IOException | RegistryException e) {
      return null;
    }
  }
}
