package dev.aviary.spec;

import dev.aviary.spec.Field.Doc;
import dev.aviary.spec.Field.Required;

/** A model to serve and how to roll out a new version of it. */
@Doc("A model to serve and the strategy used to roll out each new revision of it.")
public record ModelDeployment(
    @Required @Doc("Always aviary.dev/v1alpha1.") String apiVersion,
    @Required @Doc("Always ModelDeployment.") String kind,
    @Required ObjectMeta metadata,
    @Required DeploymentSpec spec) {

  public static final String API_VERSION = "aviary.dev/v1alpha1";
  public static final String KIND = "ModelDeployment";

  public String name() {
    return metadata.name();
  }
}
