package dev.aviary.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aviary.gateway.GatewayConfig.Retry;
import java.time.Clock;
import org.junit.jupiter.api.Test;

class GatewayCoreTest {
  private static final String TWO_ROUTES =
"""
routes:
  - {name: all, revisions: [{name: a, endpoints: ["127.0.0.1:1"]}]}
  - {name: api, match: {pathPrefix: /api}, revisions: [{name: b, endpoints: ["127.0.0.1:2"]}]}
""";

  private final GatewayCore core =
      new GatewayCore(ConfigCodec.parse(TWO_ROUTES), new Metrics(Clock.systemUTC()));

  @Test
  void theLongestMatchingPrefixWins() {
    assertThat(core.table().match("/api/x").name).isEqualTo("api");
    assertThat(core.table().match("/apix").name).isEqualTo("api");
    assertThat(core.table().match("/other").name).isEqualTo("all");
  }

  @Test
  void aRouteWithSeveralPrefixesTakesEachAndTheLongestPrefixStillWins() {
    GatewayCore several =
        new GatewayCore(
            ConfigCodec.parse(
"""
routes:
  - name: fraud
    match: {pathPrefixes: [/v2/models/fraud, /v1/models/fraud]}
    revisions: [{name: a, endpoints: ["127.0.0.1:1"]}]
  - {name: fraud-eu, match: {pathPrefix: /v2/models/fraud-eu}, revisions: [{name: b, endpoints: ["127.0.0.1:2"]}]}
"""),
            new Metrics(Clock.systemUTC()));

    assertThat(several.table().match("/v2/models/fraud/infer").name).isEqualTo("fraud");
    assertThat(several.table().match("/v1/models/fraud:predict").name).isEqualTo("fraud");
    assertThat(several.table().match("/v2/models/fraud-eu/infer").name).isEqualTo("fraud-eu");
    assertThat(several.table().match("/v2/models/other")).isNull();
  }

  @Test
  void endpointStateSurvivesAReconfiguration() {
    EndpointState before = core.table().match("/api").revisions.get(0).endpoints.get(0);
    before.outstanding.set(7);

    core.apply(ConfigCodec.parse(TWO_ROUTES.replace("name: b", "name: c")));

    EndpointState after = core.table().match("/api").revisions.get(0).endpoints.get(0);
    assertThat(after).isSameAs(before);
    assertThat(core.table().match("/api").revisions.get(0).name).isEqualTo("c");
  }

  @Test
  void forgetsTheMetersOfRevisionsThatLeaveTheConfiguration() {
    core.table().match("/api").revisions.get(0).stats.record(200, 1_000_000);
    assertThat(core.metrics.scrape()).contains("revision=\"b\"");

    core.apply(ConfigCodec.parse(TWO_ROUTES.replace("name: b", "name: c")));

    assertThat(core.metrics.scrape()).doesNotContain("revision=\"b\"").contains("revision=\"c\"");
    core.apply(ConfigCodec.parse(TWO_ROUTES));
    assertThat(
            core.metrics
                .revision("api", "b")
                .window
                .snapshot(java.time.Duration.ofSeconds(60))
                .requests())
        .isZero();
  }

  @Test
  void anInvalidConfigurationLeavesTheTableAlone() {
    RoutingTable table = core.table();
    assertThatThrownBy(
            () ->
                core.apply(
                    new GatewayConfig(
                        java.util.List.of(
                            new GatewayConfig.Route(
                                "x", null, java.util.List.of(), null, null, null)),
                        null)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("routes[0].revisions: must list at least one revision");
    assertThat(core.table()).isSameAs(table);
  }

  @Test
  void retriesInFlightStayWithinTheBudget() {
    Retry retry = new Retry(2, 10, 2);
    core.active.set(50); // 10 % of 50 = 5 retries allowed at once
    for (int i = 0; i < 5; i++) {
      assertThat(core.acquireRetry(retry)).isTrue();
    }
    assertThat(core.acquireRetry(retry)).isFalse();
    core.releaseRetry();
    assertThat(core.acquireRetry(retry)).isTrue();

    core.active.set(1); // below the minimum the minimum applies
    core.activeRetries.set(1);
    assertThat(core.acquireRetry(retry)).isTrue();
    assertThat(core.acquireRetry(retry)).isFalse();
  }
}
