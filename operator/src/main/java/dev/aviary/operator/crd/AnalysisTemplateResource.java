package dev.aviary.operator.crd;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** The {@code AnalysisTemplate} custom resource: reusable metrics, same document as the spec's. */
@Group(ModelDeploymentResource.GROUP)
@Version(ModelDeploymentResource.VERSION)
@Kind("AnalysisTemplate")
@Plural("analysistemplates")
@Singular("analysistemplate")
public class AnalysisTemplateResource extends CustomResource<JsonNode, Void> implements Namespaced {
  private static final long serialVersionUID = 1L;

  @Override
  protected JsonNode initSpec() {
    return null;
  }

  @Override
  protected Void initStatus() {
    return null;
  }
}
