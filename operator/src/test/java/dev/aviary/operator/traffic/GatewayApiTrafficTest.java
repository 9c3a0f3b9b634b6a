package dev.aviary.operator.traffic;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPHeaderMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

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
}
