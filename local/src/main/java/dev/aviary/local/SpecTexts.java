package dev.aviary.local;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.aviary.spec.AnalysisTemplate;
import dev.aviary.spec.ModelDeployment;
import dev.aviary.spec.Problem;
import dev.aviary.spec.SpecDocuments;
import dev.aviary.spec.SpecReadException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Splits an applied file into one JSON text per document, the form the store keeps. */
final class SpecTexts {
  private static final Logger LOG = LoggerFactory.getLogger(SpecTexts.class);
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private SpecTexts() {}

  /** Documents of {@code text} as (kind, name) → JSON text, in order. */
  static List<Map.Entry<String, String>> split(String text) throws SpecReadException {
    List<Map.Entry<String, String>> out = new ArrayList<>();
    try (MappingIterator<JsonNode> it =
        YAML.copy()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .readerFor(JsonNode.class)
            .readValues(text)) {
      while (it.hasNextValue()) {
        JsonNode n = it.nextValue();
        if (n == null || n.isNull() || n.isMissingNode()) {
          continue;
        }
        List<JsonNode> docs = new ArrayList<>();
        if (n.isArray()) {
          n.forEach(docs::add);
        } else {
          docs.add(n);
        }
        for (JsonNode d : docs) {
          out.add(
              Map.entry(
                  d.path("kind").asText("") + "/" + d.path("metadata").path("name").asText(""),
                  d.toString()));
        }
      }
    } catch (IOException | RuntimeException e) {
      throw new SpecReadException("not valid YAML or JSON: " + e.getMessage(), e);
    }
    return out;
  }

  /** The stored deployment bound against the stored templates. */
  static ModelDeployment deployment(String json, Map<String, AnalysisTemplate> templates)
      throws SpecReadException {
    SpecDocuments docs = SpecDocuments.parse(json, templates);
    if (docs.deployments().isEmpty()) {
      throw new SpecReadException("stored spec holds no ModelDeployment", null);
    }
    return docs.deployments().get(0);
  }

  /**
   * What today's validation finds wrong with a stored deployment, which was valid when applied
   * (perhaps by an older version with looser rules).
   */
  static List<Problem> problems(String json, Map<String, AnalysisTemplate> templates)
      throws SpecReadException {
    return SpecDocuments.parse(json, templates).problems();
  }

  static Map<String, AnalysisTemplate> templates(Map<String, String> stored) {
    Map<String, AnalysisTemplate> out = new LinkedHashMap<>();
    for (String json : stored.values()) {
      try {
        out.putAll(SpecDocuments.parse(json).templatesByName());
      } catch (SpecReadException e) {
        // Valid when applied; deployments that use one that no longer reads report it missing.
        LOG.error("a stored analysis template does not read; it is skipped", e);
      }
    }
    return out;
  }
}
