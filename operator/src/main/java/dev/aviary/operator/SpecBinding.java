package dev.aviary.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aviary.operator.crd.AnalysisTemplateResource;
import dev.aviary.operator.crd.ModelDeploymentResource;
import dev.aviary.operator.traffic.TrafficProviders;
import dev.aviary.spec.AnalysisTemplate;
import dev.aviary.spec.ModelDeployment;
import dev.aviary.spec.Problem;
import dev.aviary.spec.ServerAllowLists;
import dev.aviary.spec.SpecDocuments;
import dev.aviary.spec.SpecReadException;
import dev.aviary.spec.Strategy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns custom resources into the spec module's records with the spec module's validation, plus the
 * checks only Kubernetes needs (model URI schemes a pod can load, known traffic providers).
 */
public final class SpecBinding {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SpecBinding() {}

  /** A bound deployment: valid when {@code problems} is empty. */
  public record Bound(
      ModelDeployment deployment, Map<String, AnalysisTemplate> templates, List<Problem> problems) {
    public boolean valid() {
      return problems.isEmpty();
    }
  }

  /** Binds the resource's spec; templates that do not validate are left out (and so unknown). */
  public static Bound bind(ModelDeploymentResource md, List<AnalysisTemplateResource> templates) {
    Map<String, AnalysisTemplate> library = new LinkedHashMap<>();
    for (AnalysisTemplateResource t : templates) {
      ObjectNode doc = document("AnalysisTemplate", t.getMetadata().getName(), t.getSpec());
      try {
        SpecDocuments parsed = SpecDocuments.parse(doc.toString());
        if (parsed.valid()) {
          library.putAll(parsed.templatesByName());
        }
      } catch (SpecReadException e) {
        // not reachable for a JSON tree; an unreadable template is simply unknown
      }
    }
    ObjectNode doc = document("ModelDeployment", md.getMetadata().getName(), md.getSpec());
    SpecDocuments parsed;
    try {
      parsed = SpecDocuments.parse(doc.toString(), library);
    } catch (SpecReadException e) {
      return new Bound(null, library, List.of(new Problem("spec", e.getMessage())));
    }
    List<Problem> problems = new ArrayList<>(parsed.problems());
    ModelDeployment deployment =
        parsed.deployments().isEmpty() ? null : parsed.deployments().get(0);
    if (deployment != null) {
      // A field the spec already refused (an s3: URI) is named once, with the spec's message.
      kubernetesProblems(deployment).stream()
          .filter(k -> problems.stream().noneMatch(p -> p.path().equals(k.path())))
          .forEach(problems::add);
    }
    return new Bound(problems.isEmpty() ? deployment : null, library, List.copyOf(problems));
  }

  /**
   * Problems a spec has only when it runs on Kubernetes. Tolerates the nulls a spec with other
   * problems binds with, so that every problem is reported at once.
   */
  static List<Problem> kubernetesProblems(ModelDeployment d) {
    List<Problem> out = new ArrayList<>();
    if (d.spec() != null && d.spec().model() != null && d.spec().model().uri() != null) {
      try {
        ModelLocation.parse(d.spec().model().uri());
      } catch (IllegalArgumentException e) {
        out.add(new Problem("spec.model.uri", e.getMessage()));
      }
    }
    if (d.spec() != null
        && d.spec().strategy() instanceof Strategy.Canary c
        && c.trafficRouting() != null
        && c.trafficRouting().provider() != null
        && TrafficProviders.normalise(c.trafficRouting().provider()) == null) {
      out.add(
          new Problem(
              "spec.strategy.canary.trafficRouting.provider",
              "must be one of "
                  + TrafficProviders.NAMES
                  + ", got '"
                  + c.trafficRouting().provider()
                  + "'"));
    }
    List<String> args =
        d.spec() != null && d.spec().server() != null ? d.spec().server().args() : List.of();
    for (int i = 0; i < args.size(); i++) {
      String flag = args.get(i).split("=", 2)[0];
      if (ServerAllowLists.SET_BY_OPERATOR.contains(flag)) {
        out.add(
            new Problem(
                "spec.server.args[" + i + "]",
                "'"
                    + flag
                    + "' is set by the operator on Kubernetes, to match the pod's preStop hook and"
                    + " termination grace period; remove it"));
      }
    }
    if (d.metadata() != null && d.name() != null && d.name().length() > 52) {
      out.add(
          new Problem(
              "metadata.name",
              "at most 52 characters on Kubernetes (Deployments are named <name>-<revision>)"));
    }
    return out;
  }

  private static ObjectNode document(String kind, String name, JsonNode spec) {
    ObjectNode doc = JSON.createObjectNode();
    doc.put("apiVersion", ModelDeployment.API_VERSION);
    doc.put("kind", kind);
    doc.putObject("metadata").put("name", name);
    if (spec != null) {
      doc.set("spec", spec);
    }
    return doc;
  }
}
