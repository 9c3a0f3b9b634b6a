package dev.aviary.gateway;

import static dev.aviary.gateway.GatewayFixture.endpoints;
import static dev.aviary.gateway.GatewayFixture.get;
import static dev.aviary.gateway.GatewayFixture.revision;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gateway as the embedded platform uses it: on a shared Vert.x, started and stopped. */
class GatewayLibraryIT {
  Vertx vertx;
  TestBackend backend;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    backend = TestBackend.start(vertx, "v1");
  }

  @AfterEach
  void stop() {
    vertx.close();
  }

  private GatewayConfig config() {
    return ConfigCodec.parse(
        "routes: [{name: fraud, revisions: [{name: v1, endpoints: %s}]}]"
            .formatted(endpoints(backend)));
  }

  private static <T> T await(io.vertx.core.Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  @Test
  void runsOnASharedVertxAndLeavesItOpenWhenStopped() throws Exception {
    Gateway gateway =
        await(Gateway.start(vertx, config(), GatewayOptions.defaults().withPorts(0, -1)));
    assertThat(gateway.adminPort()).isEqualTo(-1);
    assertThat(revision(get(gateway, "/infer"))).isEqualTo("v1");
    assertThat(
            gateway.stats(Duration.ofSeconds(30)).revision("fraud", "v1").orElseThrow().requests())
        .isEqualTo(1);

    await(gateway.stop());

    assertThatThrownBy(() -> get(gateway, "/infer")).hasMessageContaining("ConnectException");
    // the shared instance still serves its other servers
    Gateway again =
        await(Gateway.start(vertx, config(), GatewayOptions.defaults().withPorts(0, -1)));
    assertThat(get(again, "/infer").statusCode()).isEqualTo(200);
    await(again.stop());
  }

  @Test
  void refusesAnInvalidConfigurationOrABusyPort() {
    GatewayConfig invalid =
        new GatewayConfig(
            java.util.List.of(
                new GatewayConfig.Route(
                    "bad name",
                    null,
                    java.util.List.of(new GatewayConfig.Revision("a", 100, null)),
                    null,
                    null,
                    null)),
            null);
    assertThatThrownBy(() -> Gateway.start(invalid, GatewayOptions.defaults()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("routes[0].name: must contain only letters");

    assertThatThrownBy(
            () -> Gateway.start(config(), GatewayOptions.defaults().withPorts(backend.port(), -1)))
        .hasMessageContaining("in use");
  }

  @Test
  void aBusyAdminPortLeavesTheTrafficPortClosed() throws Exception {
    int trafficPort;
    try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
      trafficPort = probe.getLocalPort();
    }
    io.vertx.core.Future<Gateway> started =
        Gateway.start(
            vertx, config(), GatewayOptions.defaults().withPorts(trafficPort, backend.port()));

    assertThatThrownBy(() -> await(started)).hasMessageContaining("in use");
    // The traffic port stops listening. Not necessarily at the very moment the start fails: Java
    // NIO releases a closed listening socket that is registered with a selector on that
    // selector's next turn, so it is waited for, briefly.
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> refusesConnections(trafficPort));
  }

  private static boolean refusesConnections(int port) {
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
      return false;
    } catch (java.net.ConnectException refused) {
      return true;
    } catch (java.io.IOException other) {
      return false;
    }
  }
}
