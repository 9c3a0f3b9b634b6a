package dev.aviary.engine;

import dev.aviary.spec.DeploymentSpec;
import dev.aviary.spec.ModelRef;
import dev.aviary.spec.ServerSettings;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.TreeMap;

/**
 * One runnable version of a deployment: the model and the server settings. Its id is a hash of
 * exactly those, so an unchanged model with changed rollout steps is the same revision.
 *
 * @param number 1 for the first revision of a deployment, counting up; stable across rollouts
 */
public record Revision(String id, int number, ModelRef model, ServerSettings server) {

  /** The revision a spec describes, numbered {@code number}. */
  public static Revision of(DeploymentSpec spec, int number) {
    return new Revision(idOf(spec), number, spec.model(), spec.server());
  }

  /** Hash of model name, version, URI and server settings, image included (10 hex digits). */
  public static String idOf(DeploymentSpec spec) {
    ModelRef m = spec.model();
    ServerSettings s = spec.server();
    String canonical =
        String.join(
            "\u0000",
            m.name(),
            m.version(),
            m.uri(),
            String.valueOf(s.args()),
            String.valueOf(new TreeMap<>(s.env())),
            String.valueOf(s.resources()),
            String.valueOf(s.probes()));
    if (s.image() != null) {
      // Only when set, so that the ids of revisions without an image stay what they were.
      canonical += "\u0000image=" + s.image();
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 5);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always present", e);
    }
  }

  Revision renumbered(int n) {
    return new Revision(id, n, model, server);
  }

  @Override
  public String toString() {
    return "revision " + number + " (" + id + ", " + model.name() + " v" + model.version() + ")";
  }
}
