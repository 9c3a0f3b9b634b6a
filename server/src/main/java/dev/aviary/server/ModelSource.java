package dev.aviary.server;

import java.nio.file.Path;
import java.util.Objects;

/** Where the server finds its models. */
public sealed interface ModelSource {

  /** One ONNX file served under a given name and version. */
  record SingleModel(Path file, String name, String version) implements ModelSource {
    public SingleModel {
      Objects.requireNonNull(file, "file");
      ServerConfig.requireName(name, "model name");
      ServerConfig.requireName(version, "model version");
    }
  }

  /** A directory laid out as {@code <dir>/<name>/<version>/model.onnx}. */
  record Repository(Path directory) implements ModelSource {
    public Repository {
      Objects.requireNonNull(directory, "directory");
    }
  }
}
