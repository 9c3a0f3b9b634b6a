package dev.aviary.operator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aviary.operator.crd.ModelDeploymentResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.UUID;

/**
 * What {@code aviary --kube} does: commands are written as the {@code aviary.dev/command} and
 * {@code aviary.dev/command-id} annotations (so {@code kubectl annotate} does the same); what it
 * reads is {@link KubeView}'s.
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
}
