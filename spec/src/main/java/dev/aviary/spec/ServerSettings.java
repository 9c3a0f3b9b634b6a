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
    @Doc("Overrides of the readiness and liveness probes.") Probes probes) {

  public static final ServerSettings DEFAULT = new ServerSettings(List.of(), Map.of(), null, null);

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
