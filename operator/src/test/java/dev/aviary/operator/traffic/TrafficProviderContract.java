package dev.aviary.operator.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aviary.engine.Revision;
import dev.aviary.engine.Topology;
import dev.aviary.operator.Owned;
import dev.aviary.spec.ModelRef;
import dev.aviary.spec.ServerSettings;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What every traffic provider promises. Each implementation's test extends this and says how to
 * read its objects back (the way its router would).
 */
abstract class TrafficProviderContract {
  static final Revision STABLE =
      new Revision(
          "aaaaaaaaaa", 1, new ModelRef("iris", "1", "file:/m1.onnx"), ServerSettings.DEFAULT);
  static final Revision CANARY =
      new Revision(
          "bbbbbbbbbb", 2, new ModelRef("iris", "2", "file:/m2.onnx"), ServerSettings.DEFAULT);
  static final Owned OWNED =
      new Owned(
          "iris",
          "models",
          new OwnerReferenceBuilder()
              .withApiVersion("aviary.dev/v1alpha1")
              .withKind("ModelDeployment")
              .withName("iris")
              .withUid("uid-1")
              .withController(true)
              .build());
  static final Map<String, String> SERVICES =
      Map.of(STABLE.id(), "iris", CANARY.id(), "iris-canary");

  abstract TrafficProvider provider();

  /** Share of user traffic per Service name, read from the provider's objects and replicas. */
  abstract Map<String, Integer> shares(TrafficPlan plan, List<HasMetadata> objects);

  /** Service that a request with this header (or cookie) value reaches; null = not supported. */
  abstract String routedBy(List<HasMetadata> objects, String header, String cookie, String value);

  /** "service:percent" mirrored; null = not supported. */
  abstract String mirrorOf(List<HasMetadata> objects);

  /** Whether the provider's objects send a request for this path to the model's Services. */
  abstract boolean routesPath(List<HasMetadata> objects, String path);

  static TrafficPlan plan(
      Map<String, Integer> weights, Topology.Mirror mirror, List<Topology.HeaderRoute> routes) {
    int canaryReplicas =
        weights.getOrDefault(CANARY.id(), 0) > 0 || mirror != null
            ? Math.max(1, (int) Math.ceil(10 * weights.getOrDefault(CANARY.id(), 0) / 100.0))
            : 0;
    Topology t =
        new Topology(
            List.of(
                new Topology.Placement(STABLE, 10), new Topology.Placement(CANARY, canaryReplicas)),
            weights,
            mirror,
            routes,
            null);
    return new TrafficPlan(OWNED, t, SERVICES, "iris", "gateways/public", "aviary:test");
  }

  @Test
  void user_traffic_follows_the_weights() {
    TrafficPlan p = plan(Map.of(STABLE.id(), 70, CANARY.id(), 30), null, List.of());
    assertThat(shares(p, provider().desired(p))).isEqualTo(Map.of("iris", 70, "iris-canary", 30));
  }

  @Test
  void all_traffic_to_one_revision_is_exact() {
    TrafficPlan p = plan(Map.of(STABLE.id(), 100), null, List.of());
    assertThat(shares(p, provider().desired(p))).isEqualTo(Map.of("iris", 100));
  }

  @Test
  void before_any_revision_is_ready_the_active_service_gets_everything() {
    TrafficPlan p = plan(Map.of(), null, List.of());
    assertThat(shares(p, provider().desired(p))).isEqualTo(Map.of("iris", 100));
  }

  @Test
  void header_and_cookie_routes_reach_the_canary_where_the_provider_routes_requests() {
    TrafficPlan p =
        plan(
            Map.of(STABLE.id(), 100),
            null,
            List.of(
                new Topology.HeaderRoute("testers", "x-testers", null, "yes", CANARY.id()),
                new Topology.HeaderRoute("beta", null, "beta", "on", CANARY.id())));
    List<HasMetadata> objects = provider().desired(p);
    String byHeader = routedBy(objects, "x-testers", null, "yes");
    String byCookie = routedBy(objects, null, "beta", "on");
    if (byHeader != null) {
      assertThat(byHeader).isEqualTo("iris-canary");
      assertThat(byCookie).isEqualTo("iris-canary");
    }
    assertThat(shares(p, objects)).isEqualTo(Map.of("iris", 100));
  }

  @Test
  void shadow_traffic_mirrors_the_percentage_without_changing_user_weights() {
    TrafficPlan p = plan(Map.of(STABLE.id(), 100), new Topology.Mirror(CANARY.id(), 25), List.of());
    List<HasMetadata> objects = provider().desired(p);
    String mirror = mirrorOf(objects);
    if (mirror != null) {
      assertThat(mirror).isEqualTo("iris-canary:25");
    }
    assertThat(shares(p, objects)).isEqualTo(Map.of("iris", 100));
  }

  @Test
  void the_models_oip_v2_and_v1_paths_reach_it() {
    List<HasMetadata> objects =
        provider().desired(plan(Map.of(STABLE.id(), 90, CANARY.id(), 10), null, List.of()));
    assertThat(
            List.of(
                "/v2/models/iris/infer",
                "/v2/models/iris",
                "/v2/models/iris/versions/2/infer",
                "/v1/models/iris:predict",
                "/v1/models/iris/versions/2:predict"))
        .allSatisfy(path -> assertThat(routesPath(objects, path)).as(path).isTrue());
  }

  @Test
  void every_object_is_labelled_namespaced_and_owned() {
    TrafficPlan p = plan(Map.of(STABLE.id(), 90, CANARY.id(), 10), null, List.of());
    for (HasMetadata o : provider().desired(p)) {
      assertThat(o.getMetadata().getNamespace()).isEqualTo("models");
      assertThat(o.getMetadata().getLabels()).containsEntry("aviary.dev/deployment", "iris");
      assertThat(o.getMetadata().getOwnerReferences())
          .extracting(r -> r.getUid())
          .containsExactly("uid-1");
    }
  }

  @Test
  void the_same_plan_gives_the_same_objects() {
    TrafficPlan p =
        plan(
            Map.of(STABLE.id(), 90, CANARY.id(), 10),
            new Topology.Mirror(CANARY.id(), 5),
            List.of());
    assertThat(provider().desired(p)).isEqualTo(provider().desired(p));
  }
}
