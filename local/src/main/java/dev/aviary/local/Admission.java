package dev.aviary.local;

import dev.aviary.spec.AnalysisTemplate;
import dev.aviary.spec.ModelDeployment;
import dev.aviary.spec.Problem;
import dev.aviary.spec.SpecDocuments;
import dev.aviary.spec.SpecReadException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Decides what applying a set of documents does before anything is stored: every document is
 * created, configured or unchanged, or the whole set is refused with every problem found (the
 * spec's validation, then what this platform adds: a model file it may read, one deployment per
 * model name). Pure: what is stored and the model file checks come in as arguments.
 */
final class Admission {
  private Admission() {}

  enum Change {
    created,
    configured,
    unchanged
  }

  /** One admitted document; {@code json} is the text the store keeps. */
  record Item(String kind, String name, String json, Change change) {
    /** As {@code aviary apply} prints it: "modeldeployment/fraud configured". */
    String line() {
      return kind.toLowerCase(java.util.Locale.ROOT) + "/" + name + " " + change;
    }

    /** The event a deployment change records; null when nothing changed. */
    String eventReason() {
      return switch (change) {
        case created -> "SpecCreated";
        case configured -> "SpecUpdated";
        case unchanged -> null;
      };
    }
  }

  /**
   * What is stored now, as the store keeps it.
   *
   * @param templates template name → JSON text
   * @param deployments deployment name → JSON text
   * @param servedModels deployment name → the model name it serves
   */
  record Stored(
      Map<String, String> templates,
      Map<String, String> deployments,
      Map<String, String> servedModels) {}

  /**
   * The admitted documents, templates first (deployments are bound against them), each kind in the
   * order applied.
   *
   * @param modelUriProblem why a model URI cannot be used here, null when it can
   * @throws ApplyException 400 when the text does not read or any document is refused; then nothing
   *     may be stored
   */
  static List<Item> admit(
      String text,
      Map<String, AnalysisTemplate> templates,
      Stored stored,
      Function<String, String> modelUriProblem) {
    SpecDocuments docs;
    List<Map.Entry<String, String>> texts;
    try {
      docs = SpecDocuments.parse(text, templates);
      texts = SpecTexts.split(text);
    } catch (SpecReadException e) {
      throw new ApplyException(400, e.getMessage(), List.of());
    }
    List<String> problems = new ArrayList<>();
    docs.problems().forEach(p -> problems.add(p.toString()));
    if (problems.isEmpty()) {
      for (ModelDeployment d : docs.deployments()) {
        problems.addAll(runnable(d, stored.servedModels(), modelUriProblem));
      }
    }
    if (!problems.isEmpty()) {
      throw new ApplyException(
          400,
          "the spec is invalid; nothing was changed ("
              + problems.size()
              + (problems.size() == 1 ? " problem)" : " problems)"),
          problems);
    }
    List<Item> out = new ArrayList<>();
    for (Map.Entry<String, String> doc : texts) {
      String[] kindName = doc.getKey().split("/", 2);
      if (kindName[0].equals(AnalysisTemplate.KIND)) {
        String before = stored.templates().get(kindName[1]);
        out.add(
            new Item(
                AnalysisTemplate.KIND,
                kindName[1],
                doc.getValue(),
                doc.getValue().equals(before) ? Change.unchanged : Change.configured));
      }
    }
    for (Map.Entry<String, String> doc : texts) {
      String[] kindName = doc.getKey().split("/", 2);
      if (kindName[0].equals(ModelDeployment.KIND)) {
        String before = stored.deployments().get(kindName[1]);
        Change change =
            before == null
                ? Change.created
                : before.equals(doc.getValue()) ? Change.unchanged : Change.configured;
        out.add(new Item(ModelDeployment.KIND, kindName[1], doc.getValue(), change));
      }
    }
    return out;
  }

  /** Checks the embedded platform adds on top of the spec validation. */
  private static List<String> runnable(
      ModelDeployment d, Map<String, String> servedModels, Function<String, String> uriProblem) {
    List<String> out = new ArrayList<>();
    String prefix = "ModelDeployment " + d.name() + ": ";
    String unusable = uriProblem.apply(d.spec().model().uri());
    if (unusable != null) {
      out.add(prefix + new Problem("spec.model.uri", unusable));
    }
    String baseline = d.spec().model().baseline();
    String badBaseline = baseline == null ? null : uriProblem.apply(baseline);
    if (badBaseline != null) {
      out.add(prefix + new Problem("spec.model.baseline", badBaseline));
    }
    EmbeddedTraffic.problem(d).ifPresent(p -> out.add(prefix + p));
    if (d.spec().server().image() != null) {
      out.add(
          prefix
              + new Problem(
                  "spec.server.image",
                  "only the Kubernetes operator runs images; the embedded platform runs the model"
                      + " of spec.model.uri with its own aviary serve, so remove the image"));
    }
    servedModels.forEach(
        (other, model) -> {
          if (!other.equals(d.name()) && model.equals(d.spec().model().name())) {
            out.add(
                prefix
                    + new Problem(
                        "spec.model.name",
                        "model name '"
                            + model
                            + "' is already served by deployment "
                            + other
                            + " (the gateway routes /v2/models/<name> and /v1/models/<name> to one"
                            + " deployment)"));
          }
        });
    return out;
  }
}
