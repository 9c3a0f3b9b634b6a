package dev.aviary.gateway;

import static dev.aviary.gateway.GatewayFixture.endpoints;
import static dev.aviary.gateway.GatewayFixture.get;
import static dev.aviary.gateway.GatewayFixture.post;
import static dev.aviary.gateway.GatewayFixture.revision;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Routing decisions over real loopback HTTP with real in-process backends. */
class GatewayRoutingIT {
  static Vertx vertx;
  static TestBackend v1a;
  static TestBackend v1b;
  static TestBackend v2;
  Gateway gateway;

  @BeforeAll
  static void backends() {
    vertx = Vertx.vertx();
    v1a = TestBackend.start(vertx, "v1a");
    v1b = TestBackend.start(vertx, "v1b");
    v2 = TestBackend.start(vertx, "v2");
  }

  @AfterAll
  static void stopBackends() {
    vertx.close();
  }

  @AfterEach
  void stopGateway() {
    if (gateway != null) {
      gateway.close();
    }
    v2.delayMs = 0;
  }

  private String config(int w1, int w2, String extra) {
    return """
           routes:
             - name: fraud
               match: {pathPrefix: /}
               revisions:
                 - {name: v1, weight: %d, endpoints: %s}
                 - {name: v2, weight: %d, endpoints: %s}
               headerRoutes:
                 - {match: {header: x-aviary-revision, value: v2}, revision: v2}
                 - {match: {cookie: preview, value: "yes"}, revision: v2}
           %s
           """
        .formatted(w1, endpoints(v1a, v1b), w2, endpoints(v2), extra);
  }

  private Map<String, Integer> split(int requests, String... headers) {
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < requests; i++) {
      HttpResponse<String> r = get(gateway, "/v2/models/m/infer", headers);
      assertThat(r.statusCode()).isEqualTo(200);
      counts.merge(revision(r), 1, Integer::sum);
    }
    return counts;
  }

  @Test
  void splitsNinetyTenExactlyOverAThousandRequests() {
    gateway = GatewayFixture.start(config(90, 10, ""));

    Map<String, Integer> counts = split(1000);

    assertThat(counts.get("v1")).isBetween(895, 905);
    assertThat(counts.get("v2")).isBetween(95, 105);
  }

  @Test
  void weightsZeroAndOneHundredAreExact() {
    gateway = GatewayFixture.start(config(100, 0, ""));
    assertThat(split(200)).containsExactly(Map.entry("v1", 200));

    gateway.apply(ConfigCodec.parse(config(0, 100, "")));
    assertThat(split(200)).containsExactly(Map.entry("v2", 200));
  }

  @Test
  void everyAnswerNamesTheRevisionAndComesFromItsEndpoints() {
    gateway = GatewayFixture.start(config(50, 50, ""));
    for (int i = 0; i < 40; i++) {
      HttpResponse<String> r = get(gateway, "/v2/models/m/infer?x=1");
      String backend = r.headers().firstValue("x-backend").orElseThrow();
      assertThat(backend).startsWith(revision(r).equals("v1") ? "v1" : "v2");
      assertThat(r.headers().firstValue("x-path")).contains("/v2/models/m/infer?x=1");
      assertThat(r.body()).contains("\"outputs\"");
    }
  }

  @Test
  void headerAndCookieRoutesWinOverWeights() {
    gateway = GatewayFixture.start(config(100, 0, ""));

    assertThat(split(50, "x-aviary-revision", "v2")).containsExactly(Map.entry("v2", 50));
    assertThat(split(50, "cookie", "a=b; preview=yes")).containsExactly(Map.entry("v2", 50));
    assertThat(split(20, "cookie", "preview=no")).containsExactly(Map.entry("v1", 20));
  }

  @Test
  void stickyUsersKeepTheirRevisionAndMoveOnlyToTheGrowingOne() {
    String sticky = "    sticky: {header: x-user-id}";
    gateway = GatewayFixture.start(config(80, 20, sticky));
    Map<String, String> before = new HashMap<>();
    for (int u = 0; u < 300; u++) {
      String user = "user-" + u;
      String first = revision(get(gateway, "/infer", "x-user-id", user));
      assertThat(revision(get(gateway, "/infer", "x-user-id", user))).isEqualTo(first);
      before.put(user, first);
    }
    long onV2 = before.values().stream().filter("v2"::equals).count();
    assertThat(onV2).isBetween(30L, 90L); // 20 % of 300 = 60

    gateway.apply(ConfigCodec.parse(config(50, 50, sticky)));
    long moved = 0;
    for (int u = 0; u < 300; u++) {
      String user = "user-" + u;
      String now = revision(get(gateway, "/infer", "x-user-id", user));
      if (before.get(user).equals("v2")) {
        assertThat(now).as(user + " stays on the growing revision").isEqualTo("v2");
      } else if (now.equals("v2")) {
        moved++;
      }
    }
    assertThat(moved).isBetween(50L, 130L); // 30 % of 300 = 90
  }

  @Test
  void stickySessionsCanBeKeyedByACookie() {
    gateway = GatewayFixture.start(config(50, 50, "    sticky: {cookie: session}"));
    Map<String, Integer> seen = new HashMap<>();
    for (int u = 0; u < 40; u++) {
      String cookie = "session=s" + u + "; other=1";
      String first = revision(get(gateway, "/infer", "cookie", cookie));
      for (int i = 0; i < 3; i++) {
        assertThat(revision(get(gateway, "/infer", "cookie", cookie))).isEqualTo(first);
      }
      seen.merge(first, 1, Integer::sum);
    }
    assertThat(seen).containsKeys("v1", "v2");
    // a header route still wins over the sticky key
    assertThat(revision(get(gateway, "/infer", "cookie", "session=s1", "x-aviary-revision", "v2")))
        .isEqualTo("v2");
  }

  @Test
  void forwardsRequestBodiesAndLongestPrefixWins() {
    gateway =
        GatewayFixture.start(
"""
routes:
  - {name: all, match: {pathPrefix: /}, revisions: [{name: v1, endpoints: %s}]}
  - {name: two, match: {pathPrefix: /v2/models/two}, revisions: [{name: v2, endpoints: %s}]}
"""
                .formatted(endpoints(v1a), endpoints(v2)));
    String body =
        "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1,1],\"data\":[1]}]}";

    HttpResponse<String> r = post(gateway, "/v2/models/two/infer", body);

    assertThat(revision(r)).isEqualTo("v2");
    assertThat(r.headers().firstValue("x-body-length")).contains(String.valueOf(body.length()));
    assertThat(revision(post(gateway, "/v2/models/one/infer", body))).isEqualTo("v1");
  }

  @Test
  void appendsTheClientAddressToXForwardedFor() {
    gateway =
        GatewayFixture.start(
            "routes: [{name: r, revisions: [{name: v1, endpoints: %s}]}]"
                .formatted(endpoints(v1a)));

    for (int i = 0; i < 3; i++) { // the address is kept per connection: ask more than once
      assertThat(get(gateway, "/infer").headers().firstValue("x-seen-forwarded-for"))
          .contains("127.0.0.1");
      assertThat(
              get(gateway, "/infer", "x-forwarded-for", "203.0.113.7")
                  .headers()
                  .firstValue("x-seen-forwarded-for"))
          .contains("203.0.113.7, 127.0.0.1");
    }
  }

  @Test
  void answersJsonErrorsForNoRouteNoReadyEndpointTooLargeAndTimeout() {
    gateway =
        GatewayFixture.start(
            """
            routes:
              - {name: api, match: {pathPrefix: /api}, revisions: [{name: v1, endpoints: %s}]}
              - name: idle
                match: {pathPrefix: /idle}
                revisions: [{name: v1, endpoints: [{address: "%s", ready: false}]}]
              - {name: slow, match: {pathPrefix: /slow}, revisions: [{name: v2, endpoints: %s}]}
            settings: {maxRequestBytes: 1000, requestTimeoutMs: 300}
            """
                .formatted(endpoints(v1a), v1b.address(), endpoints(v2)));
    v2.delayMs = 3_000;

    HttpResponse<String> noRoute = get(gateway, "/elsewhere");
    assertThat(noRoute.statusCode()).isEqualTo(404);
    assertThat(noRoute.body()).isEqualTo("{\"error\":\"no route for path /elsewhere\"}");

    HttpResponse<String> notReady = get(gateway, "/idle");
    assertThat(notReady.statusCode()).isEqualTo(503);
    assertThat(notReady.body())
        .contains("\"error\":\"no ready endpoint for revision v1 of route idle\"");

    HttpResponse<String> large = post(gateway, "/api", "x".repeat(1001));
    assertThat(large.statusCode()).isEqualTo(413);
    assertThat(large.body()).contains("\"error\":\"request body larger than 1000 bytes\"");
    assertThat(post(gateway, "/api", "x".repeat(1000)).statusCode()).isEqualTo(200);

    HttpResponse<String> chunked =
        GatewayFixture.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/api"))
                .timeout(Duration.ofSeconds(20))
                .POST(
                    HttpRequest.BodyPublishers.ofInputStream(
                        () -> new java.io.ByteArrayInputStream(new byte[5000])))
                .build());
    assertThat(chunked.statusCode()).isEqualTo(413); // no content-length: counted as it streams

    HttpResponse<String> slow = get(gateway, "/slow");
    assertThat(slow.statusCode()).isEqualTo(504);
    assertThat(slow.body()).contains("\"error\":\"upstream timeout after 300 ms (revision v2)\"");
    assertThat(revision(slow)).isEqualTo("v2");
  }

  @Test
  void answersMalformedRequestsWithAJsonError() throws Exception {
    gateway = GatewayFixture.start(config(100, 0, ""));
    int before = v1a.requests.get() + v1b.requests.get();
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", gateway.port())) {
      socket
          .getOutputStream()
          .write(
              "POST /infer HTTP/1.1\r\nHost: x\r\nContent-Length: lots\r\n\r\n"
                  .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      String answer =
          new String(
              socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertThat(answer).startsWith("HTTP/1.1 400").contains("{\"error\":\"malformed HTTP request");
    }
    assertThat(v1a.requests.get() + v1b.requests.get()).isEqualTo(before);
  }

  @Test
  void rejectsRequestsBeyondTheConcurrencyLimit() throws Exception {
    gateway =
        GatewayFixture.start(
            """
            routes: [{name: slow, revisions: [{name: v2, endpoints: %s}]}]
            settings: {maxConcurrentRequests: 1}
            """
                .formatted(endpoints(v2)));
    v2.delayMs = 1_000;
    CompletableFuture<HttpResponse<String>> first =
        GatewayFixture.HTTP.sendAsync(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.port() + "/a"))
                .timeout(Duration.ofSeconds(20))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    org.awaitility.Awaitility.await().until(() -> v2.inProgress.get() == 1);

    HttpResponse<String> second = get(gateway, "/b");

    assertThat(second.statusCode()).isEqualTo(503);
    assertThat(second.body()).contains("gateway overloaded");
    assertThat(first.get().statusCode()).isEqualTo(200);
  }
}
