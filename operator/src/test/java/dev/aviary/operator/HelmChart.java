package dev.aviary.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.marcnuri.helm.Helm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The chart in {@code deploy/helm/aviary} run through Helm's own engine (the Helm Go library,
 * called through helm-java): {@code helm template}, {@code helm lint} and {@code helm show crds},
 * with the rendered YAML parsed into one JSON tree per document.
 */
final class HelmChart {
  static final String RELEASE = "aviary";
  static final String NAMESPACE = "aviary-system";
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private HelmChart() {}

  /** {@code helm template aviary deploy/helm/aviary -n aviary-system -f <values>}. */
  static Manifests template(String valuesYaml) {
    Path values = null;
    try {
      var command =
          new Helm(HelmChartTest.CHART).template().withName(RELEASE).withNamespace(NAMESPACE);
      if (valuesYaml != null) {
        values = Files.createTempFile("aviary-values", ".yaml");
        Files.writeString(values, valuesYaml);
        command = command.withValuesFile(values);
      }
      return new Manifests(parse(command.call()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (values != null) {
        values.toFile().delete();
      }
    }
  }

  /** {@code helm template RELEASE deploy/helm/aviary -n NAMESPACE --set k=v ...}. */
  static Manifests template(String release, String namespace, Map<String, String> sets) {
    var command =
        new Helm(HelmChartTest.CHART).template().withName(release).withNamespace(namespace);
    for (var e : sets.entrySet()) {
      command = command.set(e.getKey(), e.getValue());
    }
    return new Manifests(parse(command.call()));
  }

  /** {@code helm show crds deploy/helm/aviary}: the CRDs that {@code helm install} applies. */
  static List<JsonNode> crds() {
    return parse(new Helm(HelmChartTest.CHART).show().crds().call());
  }

  /** Every non-empty document of a YAML stream. */
  static List<JsonNode> parse(String yaml) {
    List<JsonNode> out = new ArrayList<>();
    try (YAMLParser p = (YAMLParser) YAML.getFactory().createParser(yaml)) {
      var it = YAML.readValues(p, JsonNode.class);
      while (it.hasNext()) {
        JsonNode doc = it.next();
        if (doc != null && !doc.isNull() && !doc.isEmpty()) {
          out.add(doc);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** The rendered documents. */
  record Manifests(List<JsonNode> docs) {
    List<JsonNode> all(String kind) {
      return docs.stream().filter(d -> d.path("kind").asText().equals(kind)).toList();
    }

    JsonNode one(String kind, String name) {
      List<JsonNode> found =
          all(kind).stream().filter(d -> d.at("/metadata/name").asText().equals(name)).toList();
      if (found.size() != 1) {
        throw new AssertionError(
            "expected one " + kind + " " + name + ", found " + found.size() + " in " + kinds());
      }
      return found.get(0);
    }

    List<String> kinds() {
      return docs.stream()
          .map(d -> d.path("kind").asText() + "/" + d.at("/metadata/name").asText())
          .toList();
    }

    JsonNode operator() {
      List<JsonNode> found =
          all("Deployment").stream()
              .filter(
                  d ->
                      d.at("/metadata/labels/app.kubernetes.io~1component")
                          .asText()
                          .equals("operator"))
              .toList();
      if (found.size() != 1) {
        throw new AssertionError("expected one operator Deployment in " + kinds());
      }
      return found.get(0);
    }

    JsonNode operatorContainer() {
      return operator().at("/spec/template/spec/containers/0");
    }

    List<String> operatorArgs() {
      List<String> out = new ArrayList<>();
      operatorContainer().path("args").forEach(a -> out.add(a.asText()));
      return out;
    }
  }
}
