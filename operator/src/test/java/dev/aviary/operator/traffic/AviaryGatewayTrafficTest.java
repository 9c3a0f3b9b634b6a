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
}
