package dev.aviary.operator.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.aviary.gateway.ConfigCodec;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class AviaryGatewayTrafficTest extends TrafficProviderContract {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @Override
  TrafficProvider provider() {
    return new AviaryGatewayTraffic();
  }

  private static JsonNode route(List<HasMetadata> objects) {
    try {
      return YAML.readTree(((ConfigMap) objects.get(0)).getData().get("routes.yaml"))
          .path("routes")
          .get(0);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static String serviceOf(JsonNode route, String revision) {
    for (JsonNode r : route.path("revisions")) {
      if (r.path("name").asText().equals(revision)) {
        return r.path("endpoints").get(0).asText().split(":")[0];
      }
    }
    return "missing " + revision;
  }

  @Override
  Map<String, Integer> shares(TrafficPlan plan, List<HasMetadata> objects) {
    Map<String, Integer> out = new TreeMap<>();
    for (JsonNode r : route(objects).path("revisions")) {
      if (r.path("weight").asInt() > 0) {
        out.put(r.path("endpoints").get(0).asText().split(":")[0], r.path("weight").asInt());
      }
    }
    return out;
  }

  @Override
  String routedBy(List<HasMetadata> objects, String header, String cookie, String value) {
    JsonNode route = route(objects);
    for (JsonNode h : route.path("headerRoutes")) {
      JsonNode m = h.path("match");
      boolean hit =
          cookie != null
              ? m.path("cookie").asText("").equals(cookie) && m.path("value").asText().equals(value)
              : m.path("header").asText("").equals(header)
                  && m.path("value").asText().equals(value);
      if (hit) {
        return serviceOf(route, h.path("revision").asText());
      }
    }
    return "none";
  }

  @Override
  String mirrorOf(List<HasMetadata> objects) {
    JsonNode route = route(objects);
    JsonNode m = route.path("mirror");
    return m.isMissingNode()
        ? "none"
        : serviceOf(route, m.path("revision").asText()) + ":" + m.path("percent").asInt();
  }

  @Test
  void the_routes_file_is_accepted_by_the_gateway_itself() throws Exception {
    TrafficPlan p =
        plan(
            Map.of(STABLE.id(), 90, CANARY.id(), 10),
            new dev.aviary.engine.Topology.Mirror(CANARY.id(), 50),
            List.of(
                new dev.aviary.engine.Topology.HeaderRoute(
                    "t", "x-testers", null, "yes", CANARY.id())));
    String yaml = ((ConfigMap) provider().desired(p).get(0)).getData().get("routes.yaml");
    var config = ConfigCodec.parse(yaml); // throws naming every problem
    assertThat(config.routes()).hasSize(1);
  }

  @Override
  boolean routesPath(List<HasMetadata> objects, String path) {
    try {
      var config = ConfigCodec.parse(((ConfigMap) objects.get(0)).getData().get("routes.yaml"));
      return config.routes().stream()
          .flatMap(r -> r.match().pathPrefixes().stream())
          .anyMatch(path::startsWith);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void the_route_takes_the_model_paths_like_the_embedded_platform_and_no_others() {
    List<HasMetadata> objects = provider().desired(plan(Map.of(STABLE.id(), 100), null, List.of()));
    assertThat(route(objects).path("match").path("pathPrefixes"))
        .extracting(JsonNode::asText)
        .containsExactly("/v2/models/iris", "/v1/models/iris");
    assertThat(routesPath(objects, "/v2/models/other/infer")).isFalse();
    assertThat(routesPath(objects, "/metrics")).isFalse();
  }

  @Test
  void a_model_renamed_by_the_new_revision_is_routed_under_both_names() {
    var renamed =
        new dev.aviary.engine.Revision(
            CANARY.id(),
            2,
            new dev.aviary.spec.ModelRef("iris-v2", "2", "file:/m2.onnx"),
            dev.aviary.spec.ServerSettings.DEFAULT);
    var t =
        new dev.aviary.engine.Topology(
            List.of(
                new dev.aviary.engine.Topology.Placement(STABLE, 9),
                new dev.aviary.engine.Topology.Placement(renamed, 1)),
            Map.of(STABLE.id(), 90, CANARY.id(), 10),
            null,
            List.of(),
            null);
    List<HasMetadata> objects =
        provider().desired(new TrafficPlan(OWNED, t, SERVICES, "iris", "gw", "aviary:test"));
    assertThat(routesPath(objects, "/v2/models/iris/infer")).isTrue();
    assertThat(routesPath(objects, "/v1/models/iris-v2:predict")).isTrue();
  }
}
