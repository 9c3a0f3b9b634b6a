package dev.aviary.operator.traffic;

import dev.aviary.engine.Topology;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRefBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPHeaderMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPHeaderMatchBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPPathMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPPathMatchBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteFilterBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRuleBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReferenceBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Gateway API: one {@code HTTPRoute <name>} attached to the configured Gateway, for the model's OIP
 * v2 and V1 paths. Header routes and preview access are rules with header matches (they win over
 * the weighted rule); user traffic is split by weighted {@code backendRefs}; shadow traffic is a
 * {@code RequestMirror} filter with a percentage. Cookie routes match the Cookie header with a
 * regular expression.
 */
final class GatewayApiTraffic implements TrafficProvider {
  static final int SERVICE_PORT = 80;

  @Override
  public String name() {
    return "gatewayApi";
  }

  @Override
  public List<HasMetadata> desired(TrafficPlan plan) {
    Topology t = plan.topology();
    List<HTTPPathMatch> paths = modelPaths(plan);
    List<HTTPRouteRule> rules = new ArrayList<>();
    for (Topology.HeaderRoute r : t.headerRoutes()) {
      rules.add(
          headerRule(
              match(r.header(), r.cookie(), r.value()), plan.service(r.revisionId()), paths));
    }
    if (t.preview() != null && t.preview().header() != null) {
      rules.add(
          headerRule(
              match(t.preview().header(), null, t.preview().value()),
              plan.service(t.preview().revisionId()),
              paths));
    }
    HTTPRouteRuleBuilder main = new HTTPRouteRuleBuilder().withName("weighted");
    for (HTTPPathMatch path : paths) {
      main.addNewMatch().withPath(path).endMatch();
    }
    for (TrafficPlan.Backend b : plan.backends()) {
      main.addToBackendRefs(backend(b.service(), b.weight()));
    }
    if (t.mirror() != null) {
      main.addToFilters(
          new HTTPRouteFilterBuilder()
              .withType("RequestMirror")
              .withNewRequestMirror()
              .withNewBackendRef()
              .withName(plan.service(t.mirror().revisionId()))
              .withPort(SERVICE_PORT)
              .endBackendRef()
              .withPercent(t.mirror().percent())
              .endRequestMirror()
              .build());
    }
    rules.add(main.build());
    String parent = plan.gatewayParent();
    int slash = parent.indexOf('/');
    ParentReferenceBuilder ref = new ParentReferenceBuilder();
    if (slash > 0) {
      ref.withNamespace(parent.substring(0, slash)).withName(parent.substring(slash + 1));
    } else {
      ref.withName(parent);
    }
    HTTPRoute route =
        new HTTPRouteBuilder()
            .withNewMetadata()
            .withName(plan.name())
            .withNamespace(plan.namespace())
            .withLabels(plan.labels())
            .withOwnerReferences(plan.owned().owner())
            .endMetadata()
            .withNewSpec()
            .withParentRefs(ref.build())
            .withRules(rules)
            .endSpec()
            .build();
    return List.of(route);
  }

  /**
   * The model's request paths ({@link TrafficPlan#modelPathPrefixes}), so that several
   * ModelDeployments can share one Gateway. A Gateway API {@code PathPrefix} matches whole path
   * elements, so the V1 {@code /v1/models/<model>:predict} needs an {@code Exact} match of its own
   * ({@code /v1/models/<model>/versions/<v>:predict} is under the prefix).
   */
  static List<HTTPPathMatch> modelPaths(TrafficPlan plan) {
    List<HTTPPathMatch> out = new ArrayList<>();
    for (String prefix : plan.modelPathPrefixes()) {
      out.add(path("PathPrefix", prefix));
      if (prefix.startsWith("/v1/")) {
        out.add(path("Exact", prefix + ":predict"));
      }
    }
    if (out.isEmpty()) {
      out.add(path("PathPrefix", "/"));
    }
    return out;
  }

  private static HTTPPathMatch path(String type, String value) {
    return new HTTPPathMatchBuilder().withType(type).withValue(value).build();
  }

  private static HTTPRouteRule headerRule(
      HTTPHeaderMatch m, String service, List<HTTPPathMatch> paths) {
    HTTPRouteRuleBuilder b = new HTTPRouteRuleBuilder();
    for (HTTPPathMatch path : paths) {
      b.addNewMatch().withPath(path).withHeaders(m).endMatch();
    }
    return b.withBackendRefs(backend(service, 1)).build();
  }

  static HTTPHeaderMatch match(String header, String cookie, String value) {
    if (cookie != null) {
      return new HTTPHeaderMatchBuilder()
          .withName("Cookie")
          .withType("RegularExpression")
          .withValue("(^|.*;\\s*)" + Pattern.quote(cookie) + "=" + Pattern.quote(value) + "(;.*|$)")
          .build();
    }
    return new HTTPHeaderMatchBuilder().withName(header).withType("Exact").withValue(value).build();
  }

  private static HTTPBackendRef backend(String service, int weight) {
    return new HTTPBackendRefBuilder()
        .withName(service)
        .withPort(SERVICE_PORT)
        .withWeight(weight)
        .build();
  }
}
