package dev.aviary.operator;

import dev.aviary.operator.crd.ModelDeploymentResource;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;

/** Who owns the generated objects: deleting the ModelDeployment deletes them. */
public record Owned(String name, String namespace, OwnerReference owner) {

  public static Owned by(ModelDeploymentResource md) {
    OwnerReference ref =
        new OwnerReferenceBuilder()
            .withApiVersion(md.getApiVersion())
            .withKind(md.getKind())
            .withName(md.getMetadata().getName())
            .withUid(md.getMetadata().getUid())
            .withController(true)
            .withBlockOwnerDeletion(true)
            .build();
    return new Owned(md.getMetadata().getName(), md.getMetadata().getNamespace(), ref);
  }
}
