package dev.aviary.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aviary.engine.RolloutStatus;
import dev.aviary.engine.RolloutStatusJson;
import dev.aviary.operator.crd.AnalysisTemplateResource;
import dev.aviary.operator.crd.ModelDeploymentResource;
import dev.aviary.spec.Problem;
import dev.aviary.spec.SpecDocuments;
import dev.aviary.spec.SpecReadException;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A cluster's ModelDeployments in the shapes the embedded platform's control API answers with
 * ({@code /api/v1/deployments}, {@code /api/v1/deployments/NAME}, its events, {@code apply}), so
 * that {@code aviary --kube get|describe|status|apply} print the same thing and exit the same way
 * as against {@code aviary up}: the client commands have one rendering, whichever backend answers.
 */
public final class KubeView {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final KubernetesClient client;
  private final String namespace;

  public KubeView(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  /** {@code {"deployments": [summary, ...]}}, as {@code GET /api/v1/deployments}. */
  public ObjectNode deployments() {
    ObjectNode out = JSON.createObjectNode();
    ArrayNode list = out.putArray("deployments");
    for (ModelDeploymentResource md :
        client.resources(ModelDeploymentResource.class).inNamespace(namespace).list().getItems()) {
      list.add(RolloutStatusJson.summary(md.getMetadata().getName(), rollout(md)));
    }
    return out;
  }

  /**
   * {@code {"name", "spec": the document, "status": the engine's status or null, "replicas"}}, as
   * {@code GET /api/v1/deployments/NAME}.
   *
   * @throws IllegalArgumentException when there is no such ModelDeployment
   */
  public ObjectNode deployment(String name) {
    ModelDeploymentResource md = find(name);
    ObjectNode out = JSON.createObjectNode();
    out.put("name", name);
    ObjectNode doc = out.putObject("spec");
    doc.put("apiVersion", ModelDeploymentResource.GROUP + "/" + ModelDeploymentResource.VERSION);
    doc.put("kind", "ModelDeployment");
    doc.putObject("metadata").put("name", name).put("namespace", namespace);
    doc.set("spec", md.getSpec());
    RolloutStatus status = rollout(md);
    if (status == null) {
      out.putNull("status");
    } else {
      out.set("status", readTree(RolloutStatusJson.write(status)));
    }
    out.putArray("pendingMeasurements");
    ArrayNode replicas = out.putArray("replicas");
    client
        .apps()
        .deployments()
        .inNamespace(namespace)
        .withLabels(Labels.allRevisionsSelector(name))
        .list()
        .getItems()
        .stream()
        .sorted(Comparator.comparing((Deployment x) -> x.getMetadata().getName()))
        .forEach(x -> replicas.add(replicas(x)));
    return out;
  }

  /** {@code {"events": [...]}} oldest first, as {@code GET /api/v1/deployments/NAME/events}. */
  public ObjectNode events(String name) {
    List<Event> events =
        client.v1().events().inNamespace(namespace).list().getItems().stream()
            .filter(
                e ->
                    e.getInvolvedObject() != null
                        && name.equals(e.getInvolvedObject().getName())
                        && "ModelDeployment".equals(e.getInvolvedObject().getKind()))
            .sorted(Comparator.comparing(KubeView::when))
            .toList();
    ObjectNode out = JSON.createObjectNode();
    ArrayNode list = out.putArray("events");
    long id = 0;
    for (Event e : events) {
      list.addObject()
          .put("id", ++id)
          .put("deployment", name)
          .put("at", when(e))
          .put("type", e.getType())
          .put("reason", e.getReason())
          .put("message", e.getMessage());
    }
    return out;
  }

  /**
   * Creates or updates the ModelDeployments and AnalysisTemplates of {@code text} after checking
   * all of them as the operator will (nothing is written when any is invalid); answers one line per
   * object as {@code aviary apply} prints them, e.g. {@code modeldeployment/fraud configured}.
   *
   * @throws IllegalArgumentException naming every problem
   */
  public List<String> apply(String text) {
    SpecDocuments docs;
    List<JsonNode> nodes;
    try {
      docs = SpecDocuments.parse(text);
      nodes = SpecDocuments.documents(text);
    } catch (SpecReadException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    List<Problem> problems = new ArrayList<>(docs.problems());
    docs.deployments().forEach(d -> problems.addAll(SpecBinding.kubernetesProblems(d)));
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "the spec is invalid"
              + (docs.valid() ? " on Kubernetes" : "")
              + ", nothing was applied:\n  "
              + String.join("\n  ", problems.stream().map(Object::toString).toList()));
    }
    for (JsonNode n : nodes) {
      String ns = n.path("metadata").path("namespace").asText("");
      if (!ns.isEmpty() && !ns.equals(namespace)) {
        throw new IllegalArgumentException(
            n.path("kind").asText()
                + "/"
                + n.path("metadata").path("name").asText()
                + ": metadata.namespace is "
                + ns
                + " but the command works in namespace "
                + namespace
                + " (use --namespace "
                + ns
                + "), nothing was applied");
      }
    }
    List<String> applied = new ArrayList<>();
    // Templates first, so that the operator never sees a deployment whose template is missing.
    for (JsonNode n : nodes) {
      if (n.path("kind").asText().equals("AnalysisTemplate")) {
        applied.add(applyTemplate(n));
      }
    }
    for (JsonNode n : nodes) {
      if (n.path("kind").asText().equals("ModelDeployment")) {
        applied.add(applyDeployment(n));
      }
    }
    return applied;
  }

  private String applyDeployment(JsonNode n) {
    String name = n.path("metadata").path("name").asText();
    var resources = client.resources(ModelDeploymentResource.class).inNamespace(namespace);
    ModelDeploymentResource existing = resources.withName(name).get();
    if (existing == null) {
      ModelDeploymentResource md = new ModelDeploymentResource();
      md.setMetadata(metadata(n));
      md.setSpec(n.path("spec"));
      resources.resource(md).create();
      return "modeldeployment/" + name + " created";
    }
    if (n.path("spec").equals(existing.getSpec())) {
      return "modeldeployment/" + name + " unchanged";
    }
    // The whole spec replaces the old one (a field left out is meant to be gone), sent as a JSON
    // Patch of the difference, so the status and the command annotations that the operator and
    // other clients write at the same time are left alone.
    resources
        .withName(name)
        .edit(
            md -> {
              md.setSpec(n.path("spec"));
              return md;
            });
    return "modeldeployment/" + name + " configured";
  }

  private String applyTemplate(JsonNode n) {
    String name = n.path("metadata").path("name").asText();
    var resources = client.resources(AnalysisTemplateResource.class).inNamespace(namespace);
    AnalysisTemplateResource existing = resources.withName(name).get();
    if (existing != null && n.path("spec").equals(existing.getSpec())) {
      return "analysistemplate/" + name + " unchanged";
    }
    AnalysisTemplateResource t = new AnalysisTemplateResource();
    t.setMetadata(metadata(n));
    t.setSpec(n.path("spec"));
    if (existing == null) {
      resources.resource(t).create();
      return "analysistemplate/" + name + " created";
    }
    t.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
    resources.resource(t).update();
    return "analysistemplate/" + name + " configured";
  }

  private io.fabric8.kubernetes.api.model.ObjectMeta metadata(JsonNode n) {
    JsonNode m = n.path("metadata");
    ObjectMetaBuilder b =
        new ObjectMetaBuilder().withName(m.path("name").asText()).withNamespace(namespace);
    if (m.path("labels").isObject()) {
      b.withLabels(JSON.convertValue(m.path("labels"), java.util.Map.class));
    }
    if (m.path("annotations").isObject()) {
      b.withAnnotations(JSON.convertValue(m.path("annotations"), java.util.Map.class));
    }
    return b.build();
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

  private static RolloutStatus rollout(ModelDeploymentResource md) {
    if (md.getStatus() == null || md.getStatus().rollout == null) {
      return null;
    }
    return RolloutStatusJson.read(md.getStatus().rollout);
  }

  /**
   * One revision's replicas as its Deployment counts them (pods come and go; the Deployment is what
   * the operator scales and waits for).
   */
  private static ObjectNode replicas(Deployment x) {
    ObjectNode r = JSON.createObjectNode();
    var labels = x.getMetadata().getLabels();
    r.put("revision", labels == null ? "" : labels.getOrDefault(Labels.REVISION, ""));
    r.put("replica", "deployment/" + x.getMetadata().getName());
    int desired =
        x.getSpec() == null || x.getSpec().getReplicas() == null ? 0 : x.getSpec().getReplicas();
    int ready =
        x.getStatus() == null || x.getStatus().getReadyReplicas() == null
            ? 0
            : x.getStatus().getReadyReplicas();
    r.put("state", ready >= desired ? "Ready" : "NotReady");
    r.put("ready", ready);
    r.put("desired", desired);
    return r;
  }

  private static String when(Event e) {
    if (e.getLastTimestamp() != null) {
      return e.getLastTimestamp();
    }
    if (e.getEventTime() != null && e.getEventTime().getTime() != null) {
      return e.getEventTime().getTime();
    }
    return e.getMetadata() == null || e.getMetadata().getCreationTimestamp() == null
        ? ""
        : e.getMetadata().getCreationTimestamp();
  }

  private static JsonNode readTree(String json) {
    try {
      return JSON.readTree(json);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
