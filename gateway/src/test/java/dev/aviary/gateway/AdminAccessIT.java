package dev.aviary.gateway;

import static dev.aviary.gateway.GatewayFixture.endpoints;
import static dev.aviary.gateway.GatewayFixture.revision;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Where the admin API listens and who may use it. The whole 127.0.0.0/8 block reaches the loopback
 * interface, so a server bound to every interface answers on 127.0.0.2 and one bound to 127.0.0.1
 * does not: that tells the bound address apart without leaving the machine.
 */
class AdminAccessIT {
  static final String OTHER_LOOPBACK = "127.0.0.2";
  static final String TOKEN = "s3cret-admin-token";
  Vertx vertx;
  TestBackend v1;
  Gateway gateway;

  @BeforeEach
  void backends() {
    vertx = Vertx.vertx();
    v1 = TestBackend.start(vertx, "v1");
  }

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.close();
    }
    vertx.close();
  }

  private GatewayConfig config(String revision) {
    return ConfigCodec.parse(
        """
        routes:
          - name: fraud
            revisions:
              - {name: %s, weight: 100, endpoints: %s}
        """
            .formatted(revision, endpoints(v1)));
  }

  @Test
  void theAdminApiStaysOnLoopbackWhenTrafficListensOnEveryInterface() {
    gateway =
        Gateway.start(
            config("v1"), GatewayOptions.defaults().withHost("0.0.0.0").withEventLoops(1));

    assertThat(gateway.adminHost()).isEqualTo("127.0.0.1");
    assertThat(accepts(OTHER_LOOPBACK, gateway.port())).as("traffic on every interface").isTrue();
    assertThat(accepts(OTHER_LOOPBACK, gateway.adminPort())).as("admin beyond 127.0.0.1").isFalse();
    assertThat(accepts("127.0.0.1", gateway.adminPort())).as("admin on 127.0.0.1").isTrue();
  }

  @Test
  void refusesToListenBeyondLoopbackWithoutAToken() {
    GatewayOptions options =
        GatewayOptions.defaults().withHost("0.0.0.0").withAdmin("0.0.0.0", null).withEventLoops(1);

    assertThatThrownBy(() -> gateway = Gateway.start(config("v1"), options))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "listens on 0.0.0.0 (not a loopback address) only with an admin token");
  }

  @Test
  void withATokenEveryAdminRequestMustCarryIt() throws Exception {
    gateway =
        Gateway.start(
            config("v1"),
            GatewayOptions.defaults()
                .withHost("0.0.0.0")
                .withAdmin("0.0.0.0", TOKEN)
                .withEventLoops(1));
    assertThat(accepts(OTHER_LOOPBACK, gateway.adminPort()))
        .as("admin on every interface")
        .isTrue();

    for (String path : new String[] {"/config", "/metrics", "/stats", "/healthz", "/nothing"}) {
      HttpResponse<String> none = admin("GET", path, null, null);
      assertThat(none.statusCode()).as(path).isEqualTo(401);
      assertThat(none.headers().firstValue("content-type")).hasValue("application/json");
      assertThat(none.headers().firstValue("www-authenticate")).hasValue("Bearer");
      assertThat(none.body())
          .isEqualTo(
              "{\"error\":\"the admin API needs an Authorization: Bearer <admin token> header\"}");
      assertThat(admin("GET", path, "Bearer wrong", null).statusCode()).as(path).isEqualTo(401);
      assertThat(admin("GET", path, TOKEN, null).statusCode()).as(path).isEqualTo(401);
    }
    HttpResponse<String> wrong = admin("GET", "/config", "Bearer " + TOKEN + "x", null);
    assertThat(wrong.body()).contains("is not the gateway's");

    String other = ConfigCodec.toJson(config("v2"));
    assertThat(admin("PUT", "/config", null, other).statusCode()).isEqualTo(401);
    assertThat(gateway.config()).isEqualTo(config("v1"));
    assertThat(revision(GatewayFixture.get(gateway, "/infer"))).isEqualTo("v1");

    assertThat(admin("GET", "/healthz", "Bearer " + TOKEN, null).statusCode()).isEqualTo(200);
    assertThat(admin("GET", "/metrics", "Bearer " + TOKEN, null).body())
        .contains("aviary_gateway_requests_total");
    assertThat(admin("PUT", "/config", "Bearer " + TOKEN, other).statusCode()).isEqualTo(200);
    assertThat(gateway.config()).isEqualTo(config("v2"));
  }

  @Test
  void theMetricsListenerServesReadOnlyEndpointsOnTheTrafficAddressWithoutAToken() {
    gateway =
        Gateway.start(
            config("v1"),
            GatewayOptions.defaults()
                .withHost("0.0.0.0")
                .withPorts(0, -1)
                .withMetricsPort(0)
                .withEventLoops(1));
    assertThat(gateway.adminPort()).isEqualTo(-1);
    assertThat(accepts(OTHER_LOOPBACK, gateway.metricsPort())).isTrue();

    assertThat(metrics("GET", "/metrics").body()).contains("aviary_gateway_requests_total");
    assertThat(metrics("GET", "/stats?window=10s").statusCode()).isEqualTo(200);
    assertThat(metrics("GET", "/healthz").statusCode()).isEqualTo(200);
    HttpResponse<String> config = metrics("GET", "/config");
    assertThat(config.statusCode()).isEqualTo(404);
    assertThat(config.body()).isEqualTo("{\"error\":\"no endpoint /config\"}");
    assertThat(metrics("PUT", "/config").statusCode()).isEqualTo(404);
    assertThat(gateway.config()).isEqualTo(config("v1"));
  }

  private HttpResponse<String> metrics(String method, String path) {
    return GatewayFixture.send(
        HttpRequest.newBuilder(
                URI.create("http://" + OTHER_LOOPBACK + ":" + gateway.metricsPort() + path))
            .timeout(Duration.ofSeconds(20))
            .method(method, HttpRequest.BodyPublishers.ofString(ConfigCodec.toJson(config("v2"))))
            .build());
  }

  private HttpResponse<String> admin(
      String method, String path, String authorization, String body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.adminPort() + path))
            .timeout(Duration.ofSeconds(20))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return GatewayFixture.send(b.build());
  }

  private static boolean accepts(String host, int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), 2000);
      return true;
    } catch (ConnectException e) {
      return false;
    } catch (IOException e) {
      throw new IllegalStateException(host + ":" + port + ": " + e, e);
    }
  }
}
