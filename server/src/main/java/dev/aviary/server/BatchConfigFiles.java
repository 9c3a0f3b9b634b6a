package dev.aviary.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.aviary.durations.Durations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Per-model batching settings from a repository's {@code <name>/config.yaml}:
 *
 * <pre>
 * maxBatchSize: 32        # rows per model call; 1 turns batching off
 * maxBatchDelay: 500us    # longest wait for others while the model is busy
 * maxQueueSize: 256       # waiting requests beyond which 503 is answered
 * </pre>
 *
 * Keys left out take the server-wide value.
 */
final class BatchConfigFiles {
  static final String FILE = "config.yaml";
  private static final Set<String> KEYS = Set.of("maxBatchSize", "maxBatchDelay", "maxQueueSize");

  private BatchConfigFiles() {}

  /**
   * Reads every {@code <name>/config.yaml} of a repository.
   *
   * @throws IllegalArgumentException naming the file and the key that is wrong
   */
  static Map<String, BatchSettings> read(ModelSource source, BatchSettings defaults) {
    Map<String, BatchSettings> out = new HashMap<>();
    if (!(source instanceof ModelSource.Repository r) || !Files.isDirectory(r.directory())) {
      return out;
    }
    try (var dirs = Files.list(r.directory())) {
      for (Path dir : (Iterable<Path>) dirs::iterator) {
        Path file = dir.resolve(FILE);
        if (Files.isRegularFile(file)) {
          out.put(dir.getFileName().toString(), parse(file, defaults));
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot list " + r.directory() + ": " + e.getMessage());
    }
    return out;
  }

  static BatchSettings parse(Path file, BatchSettings defaults) {
    JsonNode root;
    try {
      root = Yaml.MAPPER.readTree(file.toFile());
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": not valid YAML: " + e.getMessage());
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      return defaults;
    }
    if (!root.isObject()) {
      throw new IllegalArgumentException(file + ": expected a mapping of " + KEYS);
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!KEYS.contains(k)) {
        throw new IllegalArgumentException(
            file + ": unknown key '" + k + "'; known: maxBatchSize, maxBatchDelay, maxQueueSize");
      }
    }
    int size = intValue(file, root, "maxBatchSize", defaults.maxBatchSize());
    int queue = intValue(file, root, "maxQueueSize", defaults.maxQueueSize());
    Duration delay = defaults.maxBatchDelay();
    JsonNode d = root.get("maxBatchDelay");
    if (d != null) {
      try {
        delay = Durations.parse(d.asText());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(file + ": maxBatchDelay: " + e.getMessage());
      }
    }
    try {
      return new BatchSettings(size, delay, queue);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage());
    }
  }

  private static int intValue(Path file, JsonNode root, String key, int fallback) {
    JsonNode n = root.get(key);
    if (n == null) {
      return fallback;
    }
    if (!n.canConvertToInt() || !n.isIntegralNumber()) {
      throw new IllegalArgumentException(file + ": " + key + " must be a whole number, got " + n);
    }
    return n.intValue();
  }

  /** Made on first use: most servers have no config.yaml, and a YAML mapper costs start-up time. */
  private static final class Yaml {
    static final ObjectMapper MAPPER = new ObjectMapper(new YAMLFactory());
  }
}
