package dev.aviary.operator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.aviary.engine.Decision;
import dev.aviary.engine.Observations;
import dev.aviary.engine.RolloutEngine;
import dev.aviary.engine.RolloutStatus;
import dev.aviary.operator.traffic.TrafficProviders;
import dev.aviary.spec.ModelDeployment;
import dev.aviary.spec.Problem;
import dev.aviary.spec.SpecDocuments;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The manifests the operator creates for a spec at its initial state, once the first revision is
 * ready (for review, GitOps and {@code kubectl apply}). No owner references: there is no
 * ModelDeployment object to own them.
 */
public final class Render {
  private static final Instant AT = Instant.EPOCH;

  private Render() {}

  /**
   * @param traffic provider name, or null for the spec's (or the operator default)
   * @throws IllegalArgumentException naming every problem of an invalid spec
   */
  public static List<HasMetadata> manifests(
      SpecDocuments docs, String traffic, String namespace, OperatorSettings settings) {
    List<Problem> problems = new ArrayList<>(docs.problems());
    docs.deployments().forEach(d -> problems.addAll(SpecBinding.kubernetesProblems(d)));
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "the spec is invalid"
              + (docs.valid() ? " on Kubernetes" : "")
              + ":\n  "
              + String.join("\n  ", problems.stream().map(Object::toString).toList()));
    }
    if (docs.deployments().size() != 1) {
      throw new IllegalArgumentException(
          "expected exactly one ModelDeployment, found " + docs.deployments().size());
    }
    ModelDeployment spec = docs.deployments().get(0);
    String provider =
        traffic != null ? traffic : ModelDeploymentController.providerName(spec, settings);
    RolloutEngine engine = new RolloutEngine(docs.templatesByName());
    Decision first = engine.next(spec, RolloutStatus.initial(), Observations.NONE, AT);
    String stable = first.status().stable().id();
    Decision ready =
        engine.next(
            spec,
            first.status(),
            new Observations(
                Map.of(
                    stable,
                    new Observations.Replicas(spec.spec().replicas(), spec.spec().replicas())),
                List.of(),
                List.of()),
            AT);
    Owned owned = new Owned(spec.name(), namespace, null);
    return DesiredState.of(owned, spec, ready, TrafficProviders.named(provider), settings);
  }

  /** The manifests as one YAML stream. */
  public static String yaml(List<HasMetadata> manifests) {
    KubernetesSerialization s = new KubernetesSerialization();
    StringBuilder out = new StringBuilder();
    try {
      for (HasMetadata m : manifests) {
        out.append("---\n").append(YAML.writeValueAsString(JSON.readTree(s.asJson(m))));
      }
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write YAML: " + e.getOriginalMessage(), e);
    }
    return out.toString();
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML =
      new ObjectMapper(
          new YAMLFactory()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS));
}
