package dev.aviary.local;

import dev.aviary.engine.Revision;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What to run for one revision: the model file, its name and version, extra args and env. */
record ReplicaSpec(
    String deployment,
    String revisionId,
    Path model,
    String modelName,
    String version,
    List<String> args,
    Map<String, String> env,
    ProbeSettings readiness,
    ProbeSettings liveness) {

  /** Resolves {@code file:} URIs; relative paths against {@code baseDir}. */
  static ReplicaSpec of(String deployment, Revision revision, Path baseDir) {
    String uri = revision.model().uri();
    Path model;
    if (uri.startsWith("file:")) {
      String raw = uri.substring("file:".length());
      if (raw.startsWith("//")) {
        model = Path.of(URI.create(uri));
      } else {
        Path p = Path.of(raw);
        model = p.isAbsolute() ? p : baseDir.resolve(p).normalize();
      }
    } else {
      throw new IllegalArgumentException(
          "spec.model.uri: the embedded platform serves file: URIs only, got '" + uri + "'");
    }
    return new ReplicaSpec(
        deployment,
        revision.id(),
        model.toAbsolutePath(),
        revision.model().name(),
        revision.model().version(),
        revision.server().args(),
        revision.server().env(),
        ProbeSettings.readiness(revision.server()),
        ProbeSettings.liveness(revision.server()));
  }

  List<String> serveArgs(int port) {
    List<String> out = new ArrayList<>();
    out.addAll(List.of("--model", model.toString(), "--name", modelName, "--version", version));
    out.addAll(List.of("--host", "127.0.0.1", "--port", Integer.toString(port)));
    out.addAll(args);
    return out;
  }
}
