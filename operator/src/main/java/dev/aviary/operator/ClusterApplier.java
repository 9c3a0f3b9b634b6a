package dev.aviary.operator;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.Locale;

/**
 * Writes desired objects: creates what is missing, and patches only the fields the operator sets on
 * what exists (a JSON Patch from {@link JsonPatches}), so fields that the API server or others set,
 * such as a Service's clusterIP or a Deployment's status, stay as they are.
 */
final class ClusterApplier {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final KubernetesClient client;

  ClusterApplier(KubernetesClient client) {
    this.client = client;
  }

  void apply(HasMetadata o) {
    if (o instanceof GenericKubernetesResource g) {
      String[] gv = g.getApiVersion().split("/");
      ResourceDefinitionContext ctx =
          new ResourceDefinitionContext.Builder()
              .withGroup(gv.length == 2 ? gv[0] : "")
              .withVersion(gv[gv.length - 1])
              .withKind(g.getKind())
              .withPlural(g.getKind().toLowerCase(Locale.ROOT) + "s")
              .withNamespaced(true)
              .build();
      write(
          client
              .genericKubernetesResources(ctx)
              .inNamespace(g.getMetadata().getNamespace())
              .resource(g),
          g);
      return;
    }
    write(client.resource(o), o);
  }

  private static <T extends HasMetadata> void write(Resource<T> r, HasMetadata desired) {
    T current = r.get();
    if (current == null) {
      r.create();
      return;
    }
    var ops = JsonPatches.setFields(JSON.valueToTree(current), JSON.valueToTree(desired));
    if (!ops.isEmpty()) {
      r.patch(PatchContext.of(PatchType.JSON), ops.toString());
    }
  }
}
