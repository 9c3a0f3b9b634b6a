package dev.aviary.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aviary.gateway.GatewayConfig.Endpoint;
import dev.aviary.gateway.GatewayConfig.LoadBalancing;
import dev.aviary.gateway.GatewayConfig.Route;
import org.junit.jupiter.api.Test;

class ConfigCodecTest {
  static final String EXAMPLE =
      """
      routes:
        - name: fraud
          match: {pathPrefix: /}
          revisions:
            - {name: v1, weight: 90, endpoints: ["127.0.0.1:9001", "127.0.0.1:9003"]}
            - {name: v2, weight: 10, endpoints: ["127.0.0.1:9002"]}
          headerRoutes:
            - {match: {header: x-aviary-revision, value: v2}, revision: v2}
          sticky: {header: x-user-id}
          mirror: {revision: v2, percent: 100}
      """;

  @Test
  void readsTheDocumentedShape() {
    GatewayConfig config = ConfigCodec.parse(EXAMPLE);

    Route route = config.routes().get(0);
    assertThat(route.name()).isEqualTo("fraud");
    assertThat(route.match().pathPrefix()).isEqualTo("/");
    assertThat(route.revisions())
        .extracting(r -> r.name() + "=" + r.weight())
        .containsExactly("v1=90", "v2=10");
    assertThat(route.revisions().get(0).endpoints())
        .containsExactly(Endpoint.of("127.0.0.1", 9001), Endpoint.of("127.0.0.1", 9003));
    assertThat(route.headerRoutes().get(0).match().header()).isEqualTo("x-aviary-revision");
    assertThat(route.headerRoutes().get(0).revision()).isEqualTo("v2");
    assertThat(route.sticky().header()).isEqualTo("x-user-id");
    assertThat(route.mirror().percent()).isEqualTo(100);
    assertThat(config.settings()).isEqualTo(GatewayConfig.Settings.defaults());
  }

  @Test
  void writesJsonThatReadsBackToTheSameConfiguration() {
    String yaml =
        EXAMPLE
            + """
              settings:
                loadBalancing: roundRobin
                requestTimeoutMs: 2500
                retry: {maxRetries: 1}
              """;
    GatewayConfig config = ConfigCodec.parse(yaml);
    GatewayConfig again = ConfigCodec.parse(ConfigCodec.toJson(config));

    assertThat(again).isEqualTo(config);
    assertThat(again.settings().loadBalancing()).isEqualTo(LoadBalancing.ROUND_ROBIN);
    assertThat(again.settings().retry().maxRetries()).isEqualTo(1);
    assertThat(again.settings().retry().budgetPercent()).isEqualTo(20);
  }

  @Test
  void readsEndpointsMarkedNotReady() {
    GatewayConfig config =
        ConfigCodec.parse(
            """
            {"routes": [{"name": "r", "revisions": [{"name": "a", "endpoints":
              ["127.0.0.1:1", {"address": "127.0.0.1:2", "ready": false}]}]}]}
            """);

    assertThat(config.routes().get(0).revisions().get(0).endpoints())
        .containsExactly(Endpoint.of("127.0.0.1", 1), new Endpoint("127.0.0.1", 2, false));
    assertThat(config.routes().get(0).revisions().get(0).weight()).isEqualTo(100);
  }

  @Test
  void reportsEveryProblemWithItsPath() {
    String yaml =
        """
        routes:
          - name: fraud
            revisions:
              - {name: v1, weight: 90, endpoints: ["127.0.0.1:99999", "nohost"]}
              - {name: v2, weight: 150, endpoints: []}
            headerRoutes:
              - {match: {value: x}, revision: v3}
            mirror: {revision: v2, percent: -1}
            colour: blue
          - name: fraud
            revisions: [{name: a, weight: 50}, {name: a, weight: 40}]
        settings:
          requestTimeoutMs: 0
          loadBalancing: random
        """;

    assertThatThrownBy(() -> ConfigCodec.parse(yaml))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .contains(
                        "routes[0].revisions[1].weight: must be between 0 and 100, got 150",
                        "routes[0].revisions[0].endpoints[0]: port must be between 1 and 65535, got"
                            + " 99999",
                        "routes[0].revisions[0].endpoints[1]: expected host:port, got 'nohost'",
                        "routes[0].headerRoutes[0].match: must set exactly one of 'header' and"
                            + " 'cookie'",
                        "routes[0].headerRoutes[0].revision: names no revision of this route: 'v3'",
                        "routes[0].mirror.percent: must be between 0 and 100, got -1",
                        "routes[1].name: duplicate route name 'fraud'",
                        "routes[1].match.pathPrefix: another route already matches '/'",
                        "routes[1].revisions[1].name: duplicate revision name 'a'",
                        "routes[1].revisions: weights must add up to 100, got 90",
                        "settings.requestTimeoutMs: must be at least 1, got 0",
                        "settings.loadBalancing: must be 'leastRequest' or 'roundRobin', got"
                            + " 'random'")
                    .anyMatch(p -> p.startsWith("routes[0].colour: unknown field")));
  }

  @Test
  void requiresWeightsWhenARouteHasSeveralRevisions() {
    assertThatThrownBy(
            () -> ConfigCodec.parse("routes: [{name: r, revisions: [{name: a}, {name: b}]}]"))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .contains(
                        "routes[0].revisions[0].weight: is required when a route has several"
                            + " revisions"));
  }

  @Test
  void namesWrongTypes() {
    assertThatThrownBy(
            () ->
                ConfigCodec.parse(
                    "routes: [{name: r, revisions: [{name: a, weight: lots, endpoints: x}]}]"))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .contains(
                        "routes[0].revisions[0].weight: must be an integer, got \"lots\"",
                        "routes[0].revisions[0].endpoints: must be a list, got \"x\""));
  }

  @Test
  void rejectsTextThatIsNotYamlOrJson() {
    assertThatThrownBy(() -> ConfigCodec.parse("{\"routes\": ["))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("not valid YAML or JSON");
    assertThatThrownBy(() -> ConfigCodec.parse(""))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("empty");
    assertThatThrownBy(() -> ConfigCodec.parse("- a\n- b"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("the configuration: must be an object, got a list");
  }

  @Test
  void validatesConfigurationsBuiltInCode() {
    GatewayConfig config =
        new GatewayConfig(
            java.util.List.of(
                new Route(
                    "r",
                    new GatewayConfig.Match("api"),
                    java.util.List.of(
                        new GatewayConfig.Revision(
                            "a", 100, java.util.List.of(Endpoint.of("127.0.0.1", 1)))),
                    null,
                    new GatewayConfig.Sticky("h", "c"),
                    null)),
            null);

    assertThat(ConfigValidator.problems(config))
        .containsExactly(
            "routes[0].match.pathPrefix: must start with '/', got 'api'",
            "routes[0].sticky: must set exactly one of 'header' and 'cookie'");
  }

  @Test
  void severalPathPrefixesRoundTripAndAreCheckedOneByOne() {
    GatewayConfig config =
        ConfigCodec.parse(
            "routes: [{name: m, match: {pathPrefixes: [/v2/models/m, /v1/models/m]},"
                + " revisions: [{name: a, endpoints: [\"127.0.0.1:1\"]}]}]");
    assertThat(config.routes().get(0).match().pathPrefixes())
        .containsExactly("/v2/models/m", "/v1/models/m");
    assertThat(ConfigCodec.parse(ConfigCodec.toJson(config))).isEqualTo(config);

    assertThatThrownBy(
            () ->
                ConfigCodec.parse(
                    "routes: [{name: m, match: {pathPrefix: /a, pathPrefixes: [/b, x, 3]},"
                        + " revisions: [{name: a, endpoints: [\"127.0.0.1:1\"]}]},"
                        + " {name: n, match: {pathPrefix: /b},"
                        + " revisions: [{name: a, endpoints: [\"127.0.0.1:2\"]}]}]"))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .contains(
                        "routes[0].match: give pathPrefix or pathPrefixes, not both",
                        "routes[0].match.pathPrefixes[2]: must be a string, got 3",
                        "routes[0].match.pathPrefixes[1]: must start with '/', got 'x'",
                        "routes[1].match.pathPrefix: another route already matches '/b'"));
  }
}
