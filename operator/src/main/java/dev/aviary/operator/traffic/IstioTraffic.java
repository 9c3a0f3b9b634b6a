package dev.aviary.operator.traffic;

import dev.aviary.engine.Topology;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Istio: one {@code VirtualService <name>} for the host of the active Service. Header routes and
 * preview access come first as HTTP routes with header matches; the last route splits user traffic
 * by weight and mirrors a percentage to the shadowed revision. Written as a generic resource (no
 * Istio model classes are needed).
 */
final class IstioTraffic implements TrafficProvider {
  static final String API_VERSION = "networking.istio.io/v1";

  @Override
  public String name() {
    return "istio";
  }

  @Override
  public List<HasMetadata> desired(TrafficPlan plan) {
    Topology t = plan.topology();
    List<Object> http = new ArrayList<>();
    for (Topology.HeaderRoute r : t.headerRoutes()) {
      http.add(headerRoute(r.name(), r.header(), r.cookie(), r.value(), plan, r.revisionId()));
    }
    if (t.preview() != null && t.preview().header() != null) {
      http.add(
          headerRoute(
              "preview",
              t.preview().header(),
              null,
              t.preview().value(),
              plan,
              t.preview().revisionId()));
    }
    Map<String, Object> weighted = new LinkedHashMap<>();
    weighted.put("name", "weighted");
    List<Object> route = new ArrayList<>();
    for (TrafficPlan.Backend b : plan.backends()) {
      Map<String, Object> dest = destination(plan, b.service());
      dest.put("weight", b.weight());
      route.add(dest);
    }
    weighted.put("route", route);
    if (t.mirror() != null) {
      weighted.put(
          "mirror",
          Map.of(
              "host", plan.host(plan.service(t.mirror().revisionId())),
              "port", Map.of("number", GatewayApiTraffic.SERVICE_PORT)));
      weighted.put("mirrorPercentage", Map.of("value", (double) t.mirror().percent()));
    }
    http.add(weighted);
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("hosts", List.of(plan.activeService(), plan.host(plan.activeService())));
    spec.put("http", http);
    GenericKubernetesResource vs =
        new GenericKubernetesResourceBuilder()
            .withApiVersion(API_VERSION)
            .withKind("VirtualService")
            .withNewMetadata()
            .withName(plan.name())
            .withNamespace(plan.namespace())
            .withLabels(plan.labels())
            .withOwnerReferences(plan.owned().owner())
            .endMetadata()
            .build();
    vs.setAdditionalProperty("spec", spec);
    return List.of(vs);
  }

  private static Map<String, Object> headerRoute(
      String name, String header, String cookie, String value, TrafficPlan plan, String rev) {
    Map<String, Object> match =
        cookie != null
            ? Map.of(
                "cookie",
                Map.of(
                    "regex",
                    "(^|.*;\\s*)" + Pattern.quote(cookie) + "=" + Pattern.quote(value) + "(;.*|$)"))
            : Map.of(header.toLowerCase(java.util.Locale.ROOT), Map.of("exact", value));
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("name", name);
    r.put(
        "match",
        List.of(Map.of("headers", cookie != null ? Map.of("cookie", match.get("cookie")) : match)));
    Map<String, Object> dest = destination(plan, plan.service(rev));
    dest.put("weight", 100);
    r.put("route", List.of(dest));
    return r;
  }

  private static Map<String, Object> destination(TrafficPlan plan, String service) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put(
        "destination",
        Map.of(
            "host", plan.host(service), "port", Map.of("number", GatewayApiTraffic.SERVICE_PORT)));
    return d;
  }
}
