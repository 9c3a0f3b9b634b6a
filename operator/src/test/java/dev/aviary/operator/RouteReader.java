package dev.aviary.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads back, from the objects stored in the cluster, the share of user traffic each revision gets,
 * the way the router would: backends are Services, resolved to revisions by their selector.
 */
interface RouteReader {
  ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  ObjectMapper JSON = new ObjectMapper();

  /** Weight per revision id (revisions with weight 0 left out). */
  Map<String, Integer> weights(TestCluster c, String name) throws Exception;

  /** Mirror target revision and percentage as "rev:percent", or null. */
  String mirror(TestCluster c, String name) throws Exception;

  static RouteReader forProvider(String provider) {
    return switch (provider) {
      case "aviary" -> new Aviary();
      case "gatewayApi" -> new GatewayApi();
      case "istio" -> new Istio();
      default -> new Replicas();
    };
  }

  final class Aviary implements RouteReader {
    private JsonNode route(TestCluster c, String name) throws Exception {
      ConfigMap cm =
          c.client.configMaps().inNamespace(TestCluster.NS).withName(name + "-routes").get();
      return YAML.readTree(cm.getData().get("routes.yaml")).path("routes").get(0);
    }

    @Override
    public Map<String, Integer> weights(TestCluster c, String name) throws Exception {
      Map<String, Integer> out = new TreeMap<>();
      for (JsonNode r : route(c, name).path("revisions")) {
        // the endpoint is a Service; its selector says which revision answers
        String service = r.path("endpoints").get(0).asText().split(":")[0];
        String rev = c.revisionOfService(service);
        if (r.path("weight").asInt() > 0) {
          out.merge(rev, r.path("weight").asInt(), Integer::sum);
        }
      }
      return out;
    }

    @Override
    public String mirror(TestCluster c, String name) throws Exception {
      JsonNode m = route(c, name).path("mirror");
      if (m.isMissingNode()) {
        return null;
      }
      for (JsonNode r : route(c, name).path("revisions")) {
        if (r.path("name").asText().equals(m.path("revision").asText())) {
          return c.revisionOfService(r.path("endpoints").get(0).asText().split(":")[0])
              + ":"
              + m.path("percent").asInt();
        }
      }
      return "unknown:" + m.path("percent").asInt();
    }
  }

  final class GatewayApi implements RouteReader {
    private HTTPRouteRule weighted(TestCluster c, String name) {
      HTTPRoute r =
          c.client.resources(HTTPRoute.class).inNamespace(TestCluster.NS).withName(name).get();
      return r.getSpec().getRules().get(r.getSpec().getRules().size() - 1);
    }

    @Override
    public Map<String, Integer> weights(TestCluster c, String name) {
      Map<String, Integer> out = new TreeMap<>();
      for (HTTPBackendRef b : weighted(c, name).getBackendRefs()) {
        if (b.getWeight() > 0) {
          out.merge(c.revisionOfService(b.getName()), b.getWeight(), Integer::sum);
        }
      }
      return out;
    }

    @Override
    public String mirror(TestCluster c, String name) {
      var filters = weighted(c, name).getFilters();
      if (filters == null || filters.isEmpty()) {
        return null;
      }
      var m = filters.get(0).getRequestMirror();
      return c.revisionOfService(m.getBackendRef().getName()) + ":" + m.getPercent();
    }
  }

  final class Istio implements RouteReader {
    private JsonNode weighted(TestCluster c, String name) {
      GenericKubernetesResource vs =
          c.client
              .genericKubernetesResources(
                  new ResourceDefinitionContext.Builder()
                      .withGroup("networking.istio.io")
                      .withVersion("v1")
                      .withKind("VirtualService")
                      .withPlural("virtualservices")
                      .withNamespaced(true)
                      .build())
              .inNamespace(TestCluster.NS)
              .withName(name)
              .get();
      JsonNode http = JSON.valueToTree(vs.getAdditionalProperties().get("spec")).path("http");
      return http.get(http.size() - 1);
    }

    private static String service(JsonNode dest) {
      return dest.path("host").asText().split("\\.")[0];
    }

    @Override
    public Map<String, Integer> weights(TestCluster c, String name) {
      Map<String, Integer> out = new TreeMap<>();
      for (JsonNode r : weighted(c, name).path("route")) {
        if (r.path("weight").asInt() > 0) {
          out.merge(
              c.revisionOfService(service(r.path("destination"))),
              r.path("weight").asInt(),
              Integer::sum);
        }
      }
      return out;
    }

    @Override
    public String mirror(TestCluster c, String name) {
      JsonNode w = weighted(c, name);
      if (!w.has("mirror")) {
        return null;
      }
      return c.revisionOfService(service(w.path("mirror")))
          + ":"
          + (int) w.path("mirrorPercentage").path("value").asDouble();
    }
  }

  /** No router: the active Service spans revisions, so shares are ready pods over all pods. */
  final class Replicas implements RouteReader {
    @Override
    public Map<String, Integer> weights(TestCluster c, String name) {
      Map<String, String> selector =
          c.client
              .services()
              .inNamespace(TestCluster.NS)
              .withName(name)
              .get()
              .getSpec()
              .getSelector();
      Map<String, Integer> ready = new TreeMap<>();
      int total = 0;
      for (Deployment d : c.revisionDeployments(name)) {
        boolean selected =
            selector.entrySet().stream()
                .allMatch(
                    e ->
                        e.getValue()
                            .equals(
                                d.getSpec()
                                    .getTemplate()
                                    .getMetadata()
                                    .getLabels()
                                    .get(e.getKey())));
        int n =
            d.getStatus() == null || d.getStatus().getReadyReplicas() == null
                ? 0
                : d.getStatus().getReadyReplicas();
        if (selected && n > 0) {
          ready.put(d.getMetadata().getLabels().get(Labels.REVISION), n);
          total += n;
        }
      }
      Map<String, Integer> out = new TreeMap<>();
      for (var e : ready.entrySet()) {
        out.put(e.getKey(), Math.round(100f * e.getValue() / total));
      }
      return out;
    }

    @Override
    public String mirror(TestCluster c, String name) {
      return null;
    }
  }
}
