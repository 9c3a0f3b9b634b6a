package dev.aviary.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.aviary.engine.Phase;
import dev.aviary.engine.RolloutStatus;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The platform's alerts reaching real receivers: a local HTTP receiver for the webhook and Slack
 * formats, a real Alertmanager (which groups them and notifies its own webhook receiver), and a
 * receiver that is down.
 */
class AlertWatchIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SPEC =
      """
      {"apiVersion": "aviary.dev/v1alpha1", "kind": "ModelDeployment",
       "metadata": {"name": "fraud"},
       "spec": {"model": {"name": "fraud", "version": "2", "uri": "file:fraud.onnx"},
                "strategy": {"canary": {"steps": [{"setWeight": 50}]}}}}
      """;

  @TempDir Path dir;
  private HttpServer receiver;
  private final List<String> webhook = new CopyOnWriteArrayList<>();
  private final List<String> slack = new CopyOnWriteArrayList<>();
  private final List<String> fromAlertmanager = new CopyOnWriteArrayList<>();
  private Process alertmanager;
  private Store store;
  private AlertWatch watch;

  @BeforeEach
  void receivers() throws IOException {
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    for (var e : List.of(Path.of("/hook"), Path.of("/slack"), Path.of("/am"))) {
      List<String> sink =
          e.toString().equals("/hook")
              ? webhook
              : e.toString().equals("/slack") ? slack : fromAlertmanager;
      receiver.createContext(
          e.toString(),
          x -> {
            sink.add(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            x.sendResponseHeaders(200, -1);
            x.close();
          });
    }
    receiver.start();
    store = Store.open(dir.resolve("aviary.db"));
  }

  @AfterEach
  void stop() {
    if (watch != null) {
      watch.close();
    }
    if (alertmanager != null) {
      alertmanager.destroy();
    }
    receiver.stop(0);
    store.close();
  }

  @Test
  void a_degraded_rollout_fires_reaches_every_receiver_grouped_by_alertmanager_then_resolves()
      throws Exception {
    URI am = startAlertmanager();
    URI base = URI.create("http://127.0.0.1:" + receiver.getAddress().getPort());
    store.putDeployment("fraud", SPEC, Clock.systemUTC().instant());
    store.putStatus("fraud", withPhase(Phase.Degraded), Clock.systemUTC().instant());
    watch =
        new AlertWatch(
            store,
            List::of,
            Clock.systemUTC(),
            AlertReceivers.of(base.resolve("/hook"), base.resolve("/slack"), am)
                .withTiming(Duration.ofMillis(200), Duration.ofMillis(50), 3));
    watch.start();

    await().atMost(Duration.ofSeconds(10)).until(() -> !webhook.isEmpty() && !slack.isEmpty());
    JsonNode hook = JSON.readTree(webhook.get(0));
    assertThat(hook.path("version").asText()).isEqualTo("4");
    assertThat(hook.path("status").asText()).isEqualTo("firing");
    assertThat(hook.path("groupKey").asText()).contains("fraud");
    JsonNode alert = hook.path("alerts").get(0);
    assertThat(alert.path("labels").path("alertname").asText()).isEqualTo("AviaryRolloutDegraded");
    assertThat(alert.path("labels").path("severity").asText()).isEqualTo("critical");
    assertThat(alert.path("annotations").path("summary").asText())
        .isEqualTo("rollout of fraud is Degraded");
    assertThat(alert.path("annotations").path("runbook_url").asText())
        .endsWith("#aviaryrolloutdegraded");
    assertThat(alert.path("endsAt").asText()).isEqualTo("0001-01-01T00:00:00Z");
    assertThat(JSON.readTree(slack.get(0)).path("text").asText())
        .contains("FIRING", "AviaryRolloutDegraded", "rollout of fraud is Degraded");
    assertThat(webhook).hasSize(1); // fired once, not at every evaluation

    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> fromAlertmanager.stream().anyMatch(b -> b.contains("\"firing\"")));
    JsonNode grouped = JSON.readTree(fromAlertmanager.get(0));
    assertThat(grouped.path("version").asText()).isEqualTo("4");
    assertThat(grouped.path("groupLabels").path("deployment").asText()).isEqualTo("fraud");
    assertThat(grouped.path("alerts").get(0).path("labels").path("alertname").asText())
        .isEqualTo("AviaryRolloutDegraded");
    assertThat(events("AlertFiring")).hasSize(1);

    store.putStatus("fraud", withPhase(Phase.Healthy), Clock.systemUTC().instant());
    await().atMost(Duration.ofSeconds(10)).until(() -> webhook.size() == 2 && slack.size() == 2);
    assertThat(JSON.readTree(webhook.get(1)).path("status").asText()).isEqualTo("resolved");
    assertThat(JSON.readTree(webhook.get(1)).path("alerts").get(0).path("endsAt").asText())
        .isNotEqualTo("0001-01-01T00:00:00Z");
    assertThat(JSON.readTree(slack.get(1)).path("text").asText()).contains("RESOLVED");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> fromAlertmanager.stream().anyMatch(b -> b.contains("\"status\":\"resolved\"")));
    assertThat(events("AlertResolved")).hasSize(1);
  }

  @Test
  void a_receiver_that_is_down_is_retried_then_reported_as_an_event_and_evaluation_goes_on()
      throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    URI base = URI.create("http://127.0.0.1:" + receiver.getAddress().getPort());
    store.putDeployment("fraud", SPEC, Clock.systemUTC().instant());
    store.putStatus("fraud", withPhase(Phase.Degraded), Clock.systemUTC().instant());
    watch =
        new AlertWatch(
            store,
            List::of,
            Clock.systemUTC(),
            AlertReceivers.of(
                    URI.create("http://127.0.0.1:" + closed + "/hook/secret-path"),
                    base.resolve("/slack"),
                    null)
                .withTiming(Duration.ofMillis(200), Duration.ofMillis(50), 3));
    watch.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> !events("AlertDeliveryFailed").isEmpty());
    String message = events("AlertDeliveryFailed").get(0).message();
    assertThat(message).contains("failed 3 times", "127.0.0.1:" + closed).doesNotContain("secret");
    assertThat(slack).hasSize(1);
    store.putStatus("fraud", withPhase(Phase.Healthy), Clock.systemUTC().instant());
    await().atMost(Duration.ofSeconds(10)).until(() -> slack.size() == 2);
  }

  private List<Store.StoredEvent> events(String reason) {
    return store.events("fraud", 0).stream().filter(e -> e.reason().equals(reason)).toList();
  }

  private URI startAlertmanager() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path config = dir.resolve("alertmanager.yml");
    Files.writeString(
        config,
        """
        route:
          receiver: test
          group_by: [deployment]
          group_wait: 1s
          group_interval: 1s
          repeat_interval: 1h
        receivers:
          - name: test
            webhook_configs:
              - url: http://127.0.0.1:%d/am
                send_resolved: true
        """
            .formatted(receiver.getAddress().getPort()));
    alertmanager =
        new ProcessBuilder(
                "/usr/bin/prometheus-alertmanager",
                "--config.file=" + config,
                "--storage.path=" + dir.resolve("am-data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address=")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("alertmanager.log").toFile())
            .start();
    URI uri = URI.create("http://127.0.0.1:" + port);
    HttpClient http = HttpClient.newHttpClient();
    await()
        .atMost(Duration.ofSeconds(15))
        .ignoreExceptions()
        .until(
            () ->
                http.send(
                            HttpRequest.newBuilder(uri.resolve("/-/ready")).build(),
                            HttpResponse.BodyHandlers.discarding())
                        .statusCode()
                    == 200);
    return uri;
  }

  private static RolloutStatus withPhase(Phase phase) throws Exception {
    RolloutStatus s = RolloutStatus.initial();
    RecordComponent[] rc = RolloutStatus.class.getRecordComponents();
    Object[] args = new Object[rc.length];
    Class<?>[] types = new Class<?>[rc.length];
    for (int i = 0; i < rc.length; i++) {
      types[i] = rc[i].getType();
      args[i] = rc[i].getName().equals("phase") ? phase : rc[i].getAccessor().invoke(s);
    }
    return RolloutStatus.class.getDeclaredConstructor(types).newInstance(args);
  }
}
