package dev.aviary.operator.traffic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

class IstioTrafficTest extends TrafficProviderContract {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  TrafficProvider provider() {
    return new IstioTraffic();
  }

  private static JsonNode http(List<HasMetadata> objects) {
    return JSON.valueToTree(
            ((GenericKubernetesResource) objects.get(0)).getAdditionalProperties().get("spec"))
        .path("http");
  }

  private static String service(JsonNode dest) {
    return dest.path("host").asText().split("\\.")[0];
  }

  @Override
  Map<String, Integer> shares(TrafficPlan plan, List<HasMetadata> objects) {
    JsonNode http = http(objects);
    Map<String, Integer> out = new TreeMap<>();
    for (JsonNode r : http.get(http.size() - 1).path("route")) {
      if (r.path("weight").asInt() > 0) {
        out.put(service(r.path("destination")), r.path("weight").asInt());
      }
    }
    return out;
  }

  @Override
  String routedBy(List<HasMetadata> objects, String header, String cookie, String value) {
    for (JsonNode r : http(objects)) {
      for (JsonNode m : r.path("match")) {
        JsonNode h = m.path("headers");
        boolean hit =
            cookie != null
                ? h.has("cookie")
                    && Pattern.matches(
                        h.path("cookie").path("regex").asText(), "a=b; " + cookie + "=" + value)
                : h.path(header).path("exact").asText("").equals(value);
        if (hit) {
          return service(r.path("route").get(0).path("destination"));
        }
      }
    }
    return "none";
  }

  @Override
  String mirrorOf(List<HasMetadata> objects) {
    JsonNode http = http(objects);
    JsonNode w = http.get(http.size() - 1);
    return w.has("mirror")
        ? service(w.path("mirror"))
            + ":"
            + (int) w.path("mirrorPercentage").path("value").asDouble()
        : "none";
  }

  @Override
  boolean routesPath(List<HasMetadata> objects, String path) {
    // the VirtualService is scoped to the host of Service NAME; its weighted route has no match,
    // so every path of that host reaches the model
    JsonNode http = http(objects);
    return http.get(http.size() - 1).path("match").isMissingNode();
  }
}
