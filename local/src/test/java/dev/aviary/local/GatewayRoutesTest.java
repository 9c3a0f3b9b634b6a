package dev.aviary.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aviary.engine.Revision;
import dev.aviary.engine.Topology;
import dev.aviary.gateway.ConfigValidator;
import dev.aviary.gateway.GatewayConfig;
import dev.aviary.spec.ModelRef;
import dev.aviary.spec.ServerSettings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GatewayRoutesTest {
  private static final Revision V1 =
      new Revision("aaa", 1, new ModelRef("fraud", "1", "file:v1.onnx"), ServerSettings.DEFAULT);
  private static final Revision V2 =
      new Revision("bbb", 2, new ModelRef("fraud", "2", "file:v2.onnx"), ServerSettings.DEFAULT);

  @Test
  void a_canary_gets_its_weight_mirror_and_header_route_with_only_ready_replicas() {
    Topology t =
        new Topology(
            List.of(new Topology.Placement(V1, 2), new Topology.Placement(V2, 1)),
            Map.of("aaa", 90, "bbb", 10),
            new Topology.Mirror("bbb", 50),
            List.of(new Topology.HeaderRoute("testers", "x-testers", null, "yes", "bbb")),
            null);
    GatewayConfig c =
        GatewayRoutes.config(
            List.of(new GatewayRoutes.Deployment("fraud", "fraud", t, "aaa")),
            (d, rev) -> rev.equals("aaa") ? List.of(9001, 9002) : List.of(9003));
    assertThat(ConfigValidator.problems(c)).isEmpty();
    GatewayConfig.Route r = c.routes().get(0);
    assertThat(r.match().pathPrefixes()).containsExactly("/v2/models/fraud", "/v1/models/fraud");
    assertThat(r.revisions())
        .extracting(GatewayConfig.Revision::name, GatewayConfig.Revision::weight)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("aaa", 90),
            org.assertj.core.groups.Tuple.tuple("bbb", 10));
    assertThat(r.mirror()).isEqualTo(new GatewayConfig.Mirror("bbb", 50));
    assertThat(r.headerRoutes())
        .singleElement()
        .satisfies(h -> assertThat(h.match().header()).isEqualTo("x-testers"));
  }

  @Test
  void a_blue_green_preview_is_reachable_by_its_header_only() {
    Topology t =
        new Topology(
            List.of(new Topology.Placement(V1, 2), new Topology.Placement(V2, 2)),
            Map.of("aaa", 100),
            null,
            List.of(),
            new Topology.Preview("bbb", "x-aviary-preview", "true", null));
    GatewayConfig c =
        GatewayRoutes.config(
            List.of(new GatewayRoutes.Deployment("fraud", "fraud", t, "aaa")),
            (d, rev) -> List.of(rev.equals("aaa") ? 9001 : 9002));
    assertThat(ConfigValidator.problems(c)).isEmpty();
    GatewayConfig.Route r = c.routes().get(0);
    assertThat(r.revisions())
        .filteredOn(x -> x.name().equals("bbb"))
        .singleElement()
        .satisfies(x -> assertThat(x.weight()).isZero());
    assertThat(r.headerRoutes())
        .singleElement()
        .satisfies(
            h -> {
              assertThat(h.match().header()).isEqualTo("x-aviary-preview");
              assertThat(h.revision()).isEqualTo("bbb");
            });
  }

  @Test
  void with_nothing_ready_the_stable_revision_takes_all_weight_and_answers_503() {
    Topology t =
        new Topology(List.of(new Topology.Placement(V1, 3)), Map.of(), null, List.of(), null);
    GatewayConfig c =
        GatewayRoutes.config(
            List.of(new GatewayRoutes.Deployment("fraud", "fraud", t, "aaa")),
            (d, rev) -> List.of());
    assertThat(ConfigValidator.problems(c)).isEmpty();
    assertThat(c.routes().get(0).revisions())
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.weight()).isEqualTo(100);
              assertThat(x.endpoints()).isEmpty();
            });
  }

  @Test
  void a_deployment_without_revisions_has_no_route() {
    Topology t = new Topology(List.of(), Map.of(), null, List.of(), null);
    assertThat(
            GatewayRoutes.config(
                    List.of(new GatewayRoutes.Deployment("fraud", "fraud", t, null)),
                    (d, r) -> List.of())
                .routes())
        .isEmpty();
  }

  @Test
  void a_preview_port_gets_a_route_to_the_preview_revision_only() {
    Topology t =
        new Topology(
            List.of(new Topology.Placement(V1, 2), new Topology.Placement(V2, 2)),
            Map.of("aaa", 100),
            null,
            List.of(),
            new Topology.Preview("bbb", "x-aviary-preview", "true", 18081));
    Map<Integer, GatewayConfig.Route> previews =
        GatewayRoutes.previewRoutes(
            List.of(new GatewayRoutes.Deployment("fraud", "fraud", t, "aaa")),
            (d, rev) -> List.of(rev.equals("aaa") ? 9001 : 9002));
    assertThat(previews).containsOnlyKeys(18081);
    GatewayConfig.Route r = previews.get(18081);
    assertThat(ConfigValidator.problems(new GatewayConfig(List.of(r), null))).isEmpty();
    assertThat(r.revisions())
        .singleElement()
        .satisfies(
            x -> {
              assertThat(x.name()).isEqualTo("bbb");
              assertThat(x.weight()).isEqualTo(100);
              assertThat(x.endpoints())
                  .extracting(GatewayConfig.Endpoint::port)
                  .containsExactly(9002);
            });
  }
}
