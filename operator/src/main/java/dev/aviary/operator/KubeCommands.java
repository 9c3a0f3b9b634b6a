package dev.aviary.operator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aviary.engine.AnalysisRun;
import dev.aviary.engine.Measurement;
import dev.aviary.engine.MetricResult;
import dev.aviary.engine.RolloutStatus;
import dev.aviary.engine.RolloutStatusJson;
import dev.aviary.operator.crd.ModelDeploymentResource;
import dev.aviary.operator.crd.ModelDeploymentStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * What {@code aviary --kube} does: commands are written as the {@code aviary.dev/command} and
 * {@code aviary.dev/command-id} annotations (so {@code kubectl annotate} does the same), and get
 * and describe read the status.
 */
public final class KubeCommands {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final KubernetesClient client;
  private final String namespace;

  public KubeCommands(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  private ModelDeploymentResource find(String name) {
    ModelDeploymentResource md =
        client.resources(ModelDeploymentResource.class).inNamespace(namespace).withName(name).get();
    if (md == null) {
      throw new IllegalArgumentException(
          "no ModelDeployment named " + name + " in namespace " + namespace);
    }
    return md;
  }

  /** Asks the operator to run {@code command} (see {@link CommandAnnotation#COMMANDS}). */
  public String command(String name, String command) {
    CommandAnnotation.parse(command, 1); // rejects unknown commands before writing anything
    find(name);
    String id = UUID.randomUUID().toString();
    // A merge patch of the two annotations alone, as kubectl annotate sends: it carries no resource
    // version, so it never conflicts with the operator writing the status at the same moment.
    ObjectNode patch = JSON.createObjectNode();
    patch
        .putObject("metadata")
        .putObject("annotations")
        .put(ModelDeploymentResource.COMMAND_ANNOTATION, command)
        .put(ModelDeploymentResource.COMMAND_ID_ANNOTATION, id);
    client
        .resources(ModelDeploymentResource.class)
        .inNamespace(namespace)
        .withName(name)
        .patch(PatchContext.of(PatchType.JSON_MERGE), patch.toString());
    return id;
  }

  /**
   * Deletes the ModelDeployment; Kubernetes removes what the operator made for it (they are owned
   * by it), as {@code kubectl delete modeldeployment NAME} does.
   */
  public void delete(String name) {
    find(name);
    client.resources(ModelDeploymentResource.class).inNamespace(namespace).withName(name).delete();
  }

  /** One line per ModelDeployment: name, phase, step, canary weight, stable and canary. */
  public String get() {
    StringBuilder out =
        new StringBuilder(
            String.format(
                "%-24s %-12s %-5s %-7s %-12s %-12s%n",
                "NAME", "PHASE", "STEP", "CANARY%", "STABLE", "CANARY"));
    for (ModelDeploymentResource md :
        client.resources(ModelDeploymentResource.class).inNamespace(namespace).list().getItems()) {
      ModelDeploymentStatus s =
          md.getStatus() == null ? new ModelDeploymentStatus() : md.getStatus();
      out.append(
          String.format(
              "%-24s %-12s %-5s %-7s %-12s %-12s%n",
              md.getMetadata().getName(),
              dash(s.phase),
              dash(s.currentStep),
              dash(s.canaryWeight),
              dash(s.stableRevision),
              dash(s.canaryRevision)));
    }
    return out.toString();
  }

  /** Everything about one ModelDeployment: status, weights, analysis runs, recent events. */
  public String describe(String name) {
    ModelDeploymentResource md = find(name);
    ModelDeploymentStatus s = md.getStatus() == null ? new ModelDeploymentStatus() : md.getStatus();
    StringBuilder out = new StringBuilder();
    out.append("Name:       ").append(name).append('\n');
    out.append("Namespace:  ").append(namespace).append('\n');
    out.append("Phase:      ").append(dash(s.phase)).append('\n');
    out.append("Message:    ").append(dash(s.message)).append('\n');
    out.append("Stable:     ").append(dash(s.stableRevision)).append('\n');
    out.append("Canary:     ").append(dash(s.canaryRevision)).append('\n');
    out.append("Step:       ").append(dash(s.currentStep)).append('\n');
    out.append("Weights:    ")
        .append(s.weights == null || s.weights.isEmpty() ? "-" : s.weights)
        .append('\n');
    if (s.problems != null && !s.problems.isEmpty()) {
      out.append("Problems:\n");
      s.problems.forEach(
          p -> out.append("  ").append(p.path).append(": ").append(p.message).append('\n'));
    }
    if (s.conditions != null && !s.conditions.isEmpty()) {
      out.append("Conditions:\n");
      s.conditions.forEach(
          c -> out.append(String.format("  %-12s %-6s %s%n", c.type, c.status, dash(c.reason))));
    }
    if (s.rollout != null) {
      RolloutStatus r = RolloutStatusJson.read(s.rollout);
      if (!r.runs().isEmpty()) {
        out.append("Analysis runs:\n");
        for (AnalysisRun run : r.runs()) {
          out.append("  ")
              .append(run.id())
              .append("  ")
              .append(run.phase())
              .append(run.message().isEmpty() ? "" : "  " + run.message())
              .append('\n');
          for (MetricResult m : run.metrics()) {
            out.append("    ").append(m.name()).append(": ").append(m.phase());
            for (Measurement x : m.measurements()) {
              out.append(" [")
                  .append(x.phase())
                  .append(x.value() == null ? "" : " " + x.value())
                  .append(']');
            }
            out.append('\n');
          }
        }
      }
    }
    List<Event> events =
        client.v1().events().inNamespace(namespace).list().getItems().stream()
            .filter(
                e ->
                    e.getInvolvedObject() != null
                        && name.equals(e.getInvolvedObject().getName())
                        && "ModelDeployment".equals(e.getInvolvedObject().getKind()))
            .sorted(Comparator.comparing(e -> String.valueOf(e.getLastTimestamp())))
            .toList();
    if (!events.isEmpty()) {
      out.append("Events:\n");
      events.stream()
          .skip(Math.max(0, events.size() - 15))
          .forEach(
              e ->
                  out.append(
                      String.format(
                          "  %-8s %-22s %s%n", e.getType(), e.getReason(), e.getMessage())));
    }
    return out.toString();
  }

  private static String dash(Object o) {
    return o == null || o.toString().isEmpty() ? "-" : o.toString();
  }
}
