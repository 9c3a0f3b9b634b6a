package dev.aviary.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The models and versions the server knows, found once at start from a {@link ModelSource}. */
final class ModelRegistry {
  static final String MODEL_FILE = "model.onnx";

  private final Map<String, NavigableMap<String, ModelEntry>> models;
  private final List<String> problems;

  private ModelRegistry(
      Map<String, NavigableMap<String, ModelEntry>> models, List<String> problems) {
    this.models = models;
    this.problems = List.copyOf(problems);
  }

  static ModelRegistry discover(ModelSource source) {
    Map<String, NavigableMap<String, ModelEntry>> models = new TreeMap<>();
    List<String> problems = new ArrayList<>();
    if (source instanceof ModelSource.SingleModel s) {
      add(models, new ModelEntry(s.name(), s.version(), s.file()));
    } else if (source instanceof ModelSource.Repository r) {
      scan(r.directory(), models, problems);
    }
    return new ModelRegistry(models, problems);
  }

  private static void scan(
      Path dir, Map<String, NavigableMap<String, ModelEntry>> models, List<String> problems) {
    if (!Files.isDirectory(dir)) {
      problems.add("model repository " + dir + " does not exist or is not a directory");
      return;
    }
    for (Path modelDir : list(dir, problems)) {
      String name = modelDir.getFileName().toString();
      if (!Files.isDirectory(modelDir) || name.startsWith(".")) {
        continue;
      }
      if (!validName(name)) {
        problems.add("ignoring " + modelDir + ": not a valid model name");
        continue;
      }
      for (Path versionDir : list(modelDir, problems)) {
        String version = versionDir.getFileName().toString();
        if (!Files.isDirectory(versionDir) || version.startsWith(".")) {
          continue;
        }
        if (!validName(version)) {
          problems.add("ignoring " + versionDir + ": not a valid version name");
          continue;
        }
        add(models, new ModelEntry(name, version, versionDir.resolve(MODEL_FILE)));
      }
    }
    if (models.isEmpty()) {
      problems.add(
          "no models found in " + dir + "; expected " + dir + "/<name>/<version>/" + MODEL_FILE);
    }
  }

  private static boolean validName(String s) {
    try {
      ServerConfig.requireName(s, "name");
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static List<Path> list(Path dir, List<String> problems) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().collect(Collectors.toList());
    } catch (IOException e) {
      problems.add("cannot list " + dir + ": " + e);
      return List.of();
    }
  }

  private static void add(Map<String, NavigableMap<String, ModelEntry>> models, ModelEntry e) {
    models.computeIfAbsent(e.name(), n -> new TreeMap<>(VersionOrder.INSTANCE)).put(e.version(), e);
  }

  /** Every entry, models by name and versions oldest first. */
  List<ModelEntry> entries() {
    List<ModelEntry> all = new ArrayList<>();
    models.values().forEach(v -> all.addAll(v.values()));
    return all;
  }

  /** Problems found while scanning the repository (these keep the server not ready). */
  List<String> problems() {
    return problems;
  }

  /** Versions of a model, oldest first; 404 if the model is unknown. */
  Collection<ModelEntry> versions(String name) {
    NavigableMap<String, ModelEntry> v = models.get(name);
    if (v == null) {
      throw ApiException.notFound(
          "unknown model '"
              + name
              + "'; models served here: "
              + String.join(", ", models.keySet()));
    }
    return Collections.unmodifiableCollection(v.values());
  }

  /** The named version, or the newest when {@code version} is null; 404 if unknown. */
  ModelEntry resolve(String name, String version) {
    NavigableMap<String, ModelEntry> v = models.get(name);
    if (v == null) {
      throw ApiException.notFound(
          "unknown model '"
              + name
              + "'; models served here: "
              + (models.isEmpty() ? "none" : String.join(", ", models.keySet())));
    }
    if (version == null) {
      return v.lastEntry().getValue();
    }
    ModelEntry e = v.get(version);
    if (e == null) {
      throw ApiException.notFound(
          "model '"
              + name
              + "' has no version '"
              + version
              + "'; versions: "
              + String.join(", ", v.keySet()));
    }
    return e;
  }

  boolean allReady() {
    return problems.isEmpty()
        && !models.isEmpty()
        && entries().stream().allMatch(ModelEntry::ready);
  }
}
