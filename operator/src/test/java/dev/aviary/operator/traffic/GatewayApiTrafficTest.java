package dev.aviary.operator.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aviary.engine.Topology;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPHeaderMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPPathMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class GatewayApiTrafficTest extends TrafficProviderContract {
  @Override
  TrafficProvider provider() {
    return new GatewayApiTraffic();
  }

  private static HTTPRoute route(List<HasMetadata> objects) {
    return (HTTPRoute) objects.get(0);
  }

  private static HTTPRouteRule weighted(List<HasMetadata> objects) {
    List<HTTPRouteRule> rules = route(objects).getSpec().getRules();
    return rules.get(rules.size() - 1);
  }

  @Override
  Map<String, Integer> shares(TrafficPlan plan, List<HasMetadata> objects) {
    Map<String, Integer> out = new TreeMap<>();
    for (HTTPBackendRef b : weighted(objects).getBackendRefs()) {
      if (b.getWeight() > 0) {
        out.put(b.getName(), b.getWeight());
      }
    }
    return out;
  }

  @Override
  String routedBy(List<HasMetadata> objects, String header, String cookie, String value) {
    for (HTTPRouteRule r : route(objects).getSpec().getRules()) {
      for (var m : r.getMatches()) {
        for (HTTPHeaderMatch h :
            m.getHeaders() == null ? List.<HTTPHeaderMatch>of() : m.getHeaders()) {
          boolean hit =
              cookie != null
                  ? h.getName().equals("Cookie")
                      && Pattern.matches(h.getValue(), "a=b; " + cookie + "=" + value)
                  : h.getName().equals(header) && h.getValue().equals(value);
          if (hit) {
            return r.getBackendRefs().get(0).getName();
          }
        }
      }
    }
    return "none";
  }

  @Override
  String mirrorOf(List<HasMetadata> objects) {
    var f = weighted(objects).getFilters();
    return f == null || f.isEmpty()
        ? "none"
        : f.get(0).getRequestMirror().getBackendRef().getName()
            + ":"
            + f.get(0).getRequestMirror().getPercent();
  }

  /** Gateway API path matching: PathPrefix by whole path elements, Exact as is. */
  static boolean matches(HTTPPathMatch m, String path) {
    return switch (m.getType()) {
      case "Exact" -> path.equals(m.getValue());
      case "PathPrefix" ->
          m.getValue().equals("/")
              || path.equals(m.getValue())
              || path.startsWith(m.getValue() + "/");
      default -> throw new AssertionError("unexpected path match type " + m.getType());
    };
  }

  @Override
  boolean routesPath(List<HasMetadata> objects, String path) {
    return weighted(objects).getMatches().stream().anyMatch(m -> matches(m.getPath(), path));
  }

  @Test
  void only_the_models_paths_are_taken_so_deployments_can_share_a_gateway() {
    List<HasMetadata> objects = provider().desired(plan(Map.of(STABLE.id(), 100), null, List.of()));
    assertThat(routesPath(objects, "/v2/models/other/infer")).isFalse();
    assertThat(routesPath(objects, "/v2/models/iris2/infer")).isFalse();
    assertThat(routesPath(objects, "/v1/models/other:predict")).isFalse();
  }

  @Test
  void header_routes_apply_on_the_models_paths_only() {
    List<HasMetadata> objects =
        provider()
            .desired(
                plan(
                    Map.of(STABLE.id(), 100),
                    null,
                    List.of(new Topology.HeaderRoute("t", "x-testers", null, "yes", CANARY.id()))));
    HTTPRouteRule header = route(objects).getSpec().getRules().get(0);
    assertThat(header.getMatches())
        .allSatisfy(
            m ->
                assertThat(m.getHeaders())
                    .extracting(h -> h.getName())
                    .containsExactly("x-testers"))
        .extracting(m -> m.getPath().getType() + " " + m.getPath().getValue())
        .containsExactly(
            "PathPrefix /v2/models/iris",
            "PathPrefix /v1/models/iris",
            "Exact /v1/models/iris:predict");
  }
}
