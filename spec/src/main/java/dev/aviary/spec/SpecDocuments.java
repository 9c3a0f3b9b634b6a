package dev.aviary.spec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The documents of one file (YAML, possibly several separated by {@code ---}, or JSON), bound and
 * validated. Valid only when {@link #problems()} is empty.
 */
public record SpecDocuments(
    List<ModelDeployment> deployments, List<AnalysisTemplate> templates, List<Problem> problems) {

  public SpecDocuments {
    deployments = List.copyOf(deployments);
    templates = List.copyOf(templates);
    problems = List.copyOf(problems);
  }

  public boolean valid() {
    return problems.isEmpty();
  }

  /** Templates by name. */
  public Map<String, AnalysisTemplate> templatesByName() {
    Map<String, AnalysisTemplate> out = new LinkedHashMap<>();
    templates.stream().filter(t -> t.metadata() != null).forEach(t -> out.putIfAbsent(t.name(), t));
    return out;
  }

  /**
   * Parses, binds and validates every document in {@code text}; template references resolve against
   * the templates in the same text.
   */
  public static SpecDocuments parse(String text) throws SpecReadException {
    return parse(text, Map.of());
  }

  /** As {@link #parse(String)}, with extra templates already known (e.g. stored earlier). */
  public static SpecDocuments parse(String text, Map<String, AnalysisTemplate> known)
      throws SpecReadException {
    List<JsonNode> nodes = documents(text);
    boolean many = nodes.size() > 1;
    List<ModelDeployment> deployments = new ArrayList<>();
    List<Integer> deploymentIndex = new ArrayList<>();
    List<AnalysisTemplate> templates = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    List<List<Problem>> perDocument = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    for (int d = 0; d < nodes.size(); d++) {
      JsonNode node = nodes.get(d);
      List<Problem> own = new ArrayList<>();
      perDocument.add(own);
      String kind = node.path("kind").asText("");
      labels.add(
          many
              ? "document "
                  + (d + 1)
                  + " ("
                  + (kind.isEmpty() ? "no kind" : kind)
                  + nameOf(node)
                  + ")"
              : null);
      if (!node.isObject()) {
        own.add(new Problem("", "a document must be an object, got " + Binder.describe(node)));
        continue;
      }
      String api = node.path("apiVersion").asText("");
      if (node.has("apiVersion") && !api.equals(ModelDeployment.API_VERSION)) {
        own.add(
            new Problem(
                "apiVersion", "must be " + ModelDeployment.API_VERSION + ", got '" + api + "'"));
      }
      Binder binder = new Binder();
      switch (kind) {
        case ModelDeployment.KIND -> {
          ModelDeployment md = binder.bindRoot(node, ModelDeployment.class);
          deployments.add(md);
          deploymentIndex.add(d);
        }
        case AnalysisTemplate.KIND -> {
          AnalysisTemplate t = binder.bindRoot(node, AnalysisTemplate.class);
          templates.add(t);
          own.addAll(SpecValidator.validateTemplate(t));
        }
        default ->
            own.add(
                new Problem(
                    "kind",
                    "must be ModelDeployment or AnalysisTemplate, got "
                        + (node.has("kind") ? "'" + kind + "'" : "nothing")));
      }
      own.addAll(0, binder.problems());
    }
    Map<String, AnalysisTemplate> library = new LinkedHashMap<>(known);
    for (AnalysisTemplate t : templates) {
      if (t.metadata() != null && t.name() != null) {
        library.put(t.name(), t);
      }
    }
    for (int k = 0; k < deployments.size(); k++) {
      perDocument
          .get(deploymentIndex.get(k))
          .addAll(SpecValidator.validateDeployment(deployments.get(k), library));
    }
    duplicates(nodes, perDocument);
    for (int d = 0; d < perDocument.size(); d++) {
      for (Problem p : perDocument.get(d)) {
        problems.add(p.in(labels.get(d)));
      }
    }
    if (nodes.isEmpty()) {
      problems.add(new Problem("", "the input holds no document"));
    }
    return new SpecDocuments(deployments, templates, problems);
  }

  private static void duplicates(List<JsonNode> nodes, List<List<Problem>> perDocument) {
    Map<String, Integer> seen = new LinkedHashMap<>();
    for (int d = 0; d < nodes.size(); d++) {
      String key =
          nodes.get(d).path("kind").asText("")
              + "/"
              + nodes.get(d).path("metadata").path("name").asText("");
      Integer first = seen.putIfAbsent(key, d);
      if (first != null) {
        perDocument
            .get(d)
            .add(
                new Problem(
                    "metadata.name", "duplicates document " + (first + 1) + " of the same kind"));
      }
    }
  }

  private static String nameOf(JsonNode node) {
    String name = node.path("metadata").path("name").asText("");
    return name.isEmpty() ? "" : " " + name;
  }

  /**
   * The documents of {@code text} as JSON trees, in order (a top-level list counts as its items),
   * read as {@link #parse} reads them: for writing them elsewhere as given, once they validate.
   */
  public static List<JsonNode> documents(String text) throws SpecReadException {
    ObjectMapper mapper = new ObjectMapper(new YAMLFactory());
    mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    List<JsonNode> out = new ArrayList<>();
    try (MappingIterator<JsonNode> it = mapper.readerFor(JsonNode.class).readValues(text)) {
      while (it.hasNextValue()) {
        JsonNode n = it.nextValue();
        if (n == null || n.isMissingNode() || n.isNull()) {
          continue; // empty document between separators
        }
        if (n.isArray()) {
          n.forEach(out::add);
        } else {
          out.add(n);
        }
      }
    } catch (JsonProcessingException e) {
      throw new SpecReadException(
          "not valid YAML or JSON: " + e.getOriginalMessage() + location(e), e);
    } catch (IOException | RuntimeException e) {
      throw new SpecReadException("not valid YAML or JSON: " + e.getMessage(), e);
    }
    return out;
  }

  private static String location(JsonProcessingException e) {
    return e.getLocation() == null
        ? ""
        : " (line "
            + e.getLocation().getLineNr()
            + ", column "
            + e.getLocation().getColumnNr()
            + ")";
  }
}
