package dev.aviary.local;

import dev.aviary.engine.Revision;
import dev.aviary.spec.Problem;
import dev.aviary.spec.ServerAllowLists;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What to run for one revision: the model file, its name and version, extra args and env. */
record ReplicaSpec(
    String deployment,
    String revisionId,
    Path model,
    Path baseline,
    String modelName,
    String version,
    List<String> args,
    Map<String, String> env,
    ProbeSettings readiness,
    ProbeSettings liveness) {

  /**
   * Resolves the model's {@code file:} URI within the platform's model roots.
   *
   * @throws IllegalArgumentException when the revision cannot run here
   */
  static ReplicaSpec of(String deployment, Revision revision, ModelFiles files) {
    Path model;
    try {
      model = files.resolve(revision.model().uri());
    } catch (ModelFiles.Refused e) {
      throw new IllegalArgumentException("spec.model.uri: " + e.getMessage(), e);
    }
    Path baseline = null;
    if (revision.model().baseline() != null) {
      try {
        baseline = files.resolve(revision.model().baseline());
      } catch (ModelFiles.Refused e) {
        throw new IllegalArgumentException("spec.model.baseline: " + e.getMessage(), e);
      }
    }
    // Specs are checked when applied; this also stops revisions stored before the allow-lists.
    List<Problem> refused = ServerAllowLists.problems(revision.server(), "spec.server");
    if (!refused.isEmpty()) {
      throw new IllegalArgumentException(
          "revision " + revision.id() + " is not run: " + refused.get(0));
    }
    return new ReplicaSpec(
        deployment,
        revision.id(),
        model,
        baseline,
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
    if (baseline != null) {
      out.addAll(List.of("--baseline", baseline.toString()));
    }
    out.addAll(args);
    return out;
  }
}
