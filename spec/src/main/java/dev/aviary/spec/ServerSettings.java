package dev.aviary.spec;

import dev.aviary.spec.Field.Doc;
import dev.aviary.spec.Field.Pattern;
import dev.aviary.spec.Field.Range;
import java.util.List;
import java.util.Map;

/** Model-server settings of a revision. */
public record ServerSettings(
    @Doc(
            "Extra flags of the model server; only the allow-listed ones, with checked values (see"
                + " the spec reference).")
        List<String> args,
    @Doc(
            "Extra environment variables of the model server; only the allow-listed ones (see the"
                + " spec reference).")
        Map<String, String> env,
    @Doc("Resource requests for each replica.") Resources resources,
    @Doc("Overrides of the readiness and liveness probes.") Probes probes,
    @Pattern(
            regex = ServerSettings.IMAGE_REFERENCE,
            expected = "an image reference such as registry.example.com/ml/fraud:git-1a2b3c4")
        @Doc(
            "Kubernetes only: the image the operator runs this revision's server from, instead of"
                + " its --server-image (e.g. one with the model baked in). A new image is a new"
                + " revision.")
        String image) {

  /**
   * {@code [host[:port]/]path[:tag][@sha256:digest]}, the grammar of image references (a tag is at
   * most 128 characters of {@code [A-Za-z0-9_.-]}, not starting with {@code .} or {@code -}).
   */
  public static final String IMAGE_REFERENCE =
      "^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*"
          + "(?::[0-9]+)?/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*"
          + "(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*"
          + "(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$";

  public static final ServerSettings DEFAULT = new ServerSettings(List.of(), Map.of(), null, null);

  /** Settings without an image of their own (the backend's server image). */
  public ServerSettings(
      List<String> args, Map<String, String> env, Resources resources, Probes probes) {
    this(args, env, resources, probes, null);
  }

  public ServerSettings {
    args = args == null ? List.of() : List.copyOf(args);
    env = env == null ? Map.of() : Map.copyOf(env);
  }

  /** CPU and memory for one replica, in Kubernetes quantity notation. */
  public record Resources(
      @Pattern(regex = "^[0-9]+(\\.[0-9]+)?m?$", expected = "a CPU quantity such as 500m or 2")
          @Doc("CPU, e.g. 500m or 2.")
          String cpu,
      @Pattern(
              regex = "^[0-9]+(Ki|Mi|Gi|Ti|K|M|G|T)?$",
              expected = "a memory quantity such as 512Mi or 2Gi")
          @Doc("Memory, e.g. 512Mi.")
          String memory) {}

  /** Probe overrides; absent fields keep the server's defaults. */
  public record Probes(Probe readiness, Probe liveness) {}

  /** One probe. */
  public record Probe(
      @Doc("HTTP path probed.") String path,
      @Range(min = 0, max = 3600) @Doc("Seconds before the first probe.")
          Integer initialDelaySeconds,
      @Range(min = 1, max = 3600) @Doc("Seconds between probes.") Integer periodSeconds,
      @Range(min = 1, max = 600) @Doc("Seconds before a probe times out.") Integer timeoutSeconds,
      @Range(min = 1, max = 100) @Doc("Consecutive failures before the probe fails.")
          Integer failureThreshold) {}
}
