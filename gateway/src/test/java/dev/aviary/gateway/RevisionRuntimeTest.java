package dev.aviary.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aviary.gateway.GatewayConfig.LoadBalancing;
import dev.aviary.gateway.GatewayConfig.Outlier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RevisionRuntimeTest {
  private final EndpointState a = new EndpointState("127.0.0.1", 1);
  private final EndpointState b = new EndpointState("127.0.0.1", 2);
  private final EndpointState c = new EndpointState("127.0.0.1", 3);
  private final Outlier outlier = new Outlier(1, 1000, 1000, 50);

  private RevisionRuntime revision(EndpointState... endpoints) {
    return new RevisionRuntime("r", "v1", 100, List.of(endpoints), null);
  }

  private void eject(EndpointState e) {
    e.outlier.failure(0, outlier, true);
  }

  @Test
  void leastRequestPicksTheEndpointWithFewestOutstanding() {
    RevisionRuntime rev = revision(a, b, c);
    a.outstanding.set(3);
    b.outstanding.set(1);
    c.outstanding.set(2);

    for (int i = 0; i < 5; i++) {
      assertThat(rev.pick(List.of(), 0, LoadBalancing.LEAST_REQUEST)).isSameAs(b);
    }
  }

  @Test
  void tiesAndRoundRobinGoRound() {
    RevisionRuntime rev = revision(a, b, c);
    List<EndpointState> least = new ArrayList<>();
    List<EndpointState> robin = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      least.add(rev.pick(List.of(), 0, LoadBalancing.LEAST_REQUEST));
    }
    for (int i = 0; i < 6; i++) {
      robin.add(rev.pick(List.of(), 0, LoadBalancing.ROUND_ROBIN));
    }
    assertThat(least).containsExactly(a, b, c, a, b, c);
    assertThat(robin).containsExactly(a, b, c, a, b, c);
  }

  @Test
  void neverPicksAnEndpointAlreadyTried() {
    RevisionRuntime rev = revision(a, b);
    for (int i = 0; i < 4; i++) {
      assertThat(rev.pick(List.of(a), 0, LoadBalancing.ROUND_ROBIN)).isSameAs(b);
    }
    assertThat(rev.pick(List.of(a, b), 0, LoadBalancing.LEAST_REQUEST)).isNull();
    assertThat(revision().pick(List.of(), 0, LoadBalancing.LEAST_REQUEST)).isNull();
  }

  @Test
  void avoidsEjectedEndpointsButFallsBackToThemRatherThanFail() {
    RevisionRuntime rev = revision(a, b);
    eject(a);
    for (int i = 0; i < 4; i++) {
      assertThat(rev.pick(List.of(), 0, LoadBalancing.LEAST_REQUEST)).isSameAs(b);
    }
    assertThat(rev.pick(List.of(b), 0, LoadBalancing.LEAST_REQUEST)).isSameAs(a);
    assertThat(rev.pick(List.of(), 2_000_000_000L, LoadBalancing.ROUND_ROBIN)).isNotNull();
  }

  @Test
  void ejectsAtMostTheConfiguredShareButAlwaysOne() {
    assertThat(revision(a).mayEject(0, outlier)).isTrue();
    RevisionRuntime two = revision(a, b);
    eject(a);
    assertThat(two.mayEject(0, outlier)).isFalse(); // 50 % of 2 is 1, already ejected
    RevisionRuntime three = revision(a, b, c);
    assertThat(three.mayEject(0, new Outlier(1, 1000, 1000, 100))).isTrue();
  }
}
