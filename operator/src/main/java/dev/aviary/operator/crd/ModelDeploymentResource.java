package dev.aviary.operator.crd;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * The {@code ModelDeployment} custom resource. Its spec is the same document as the spec file of
 * the embedded platform; it is kept as a JSON tree so that the spec module binds and validates it
 * (an invalid resource still reads, and its status names every problem).
 */
@Group(ModelDeploymentResource.GROUP)
@Version(ModelDeploymentResource.VERSION)
@Kind("ModelDeployment")
@Plural("modeldeployments")
@Singular("modeldeployment")
@ShortNames({"mdep", "aviary"})
@AdditionalPrinterColumn(
    name = "Phase",
    jsonPath = ".status.phase",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Step",
    jsonPath = ".status.currentStep",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Canary-Weight",
    jsonPath = ".status.canaryWeight",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Stable",
    jsonPath = ".status.stableRevision",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Canary",
    jsonPath = ".status.canaryRevision",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class ModelDeploymentResource extends CustomResource<JsonNode, ModelDeploymentStatus>
    implements Namespaced {
  private static final long serialVersionUID = 1L;

  public static final String GROUP = "aviary.dev";
  public static final String VERSION = "v1alpha1";

  /** Annotation holding a command for the operator: promote, promote-full, abort, ... */
  public static final String COMMAND_ANNOTATION = "aviary.dev/command";

  /** Annotation making each command unique; a new value is a new command. */
  public static final String COMMAND_ID_ANNOTATION = "aviary.dev/command-id";

  @Override
  protected JsonNode initSpec() {
    return null;
  }

  @Override
  protected ModelDeploymentStatus initStatus() {
    return null;
  }
}
