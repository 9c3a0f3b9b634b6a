package dev.aviary.local;

import dev.aviary.analysis.alert.AlertRule;
import dev.aviary.analysis.alert.AlertRules;
import dev.aviary.analysis.alert.AlertTracker;
import dev.aviary.analysis.alert.AlertTracker.Change;
import dev.aviary.analysis.alert.SampleHistory;
import dev.aviary.monitor.PrometheusText;
import dev.aviary.spec.ModelDeployment;
import dev.aviary.spec.SpecReadException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The platform's own Prometheus: every interval it samples its replicas' {@code /metrics}, its
 * rollouts' phases and its replicas' restarts, evaluates each deployment's alert rules (the same
 * {@link AlertRules} that {@code aviary monitor rules} writes) and turns what fired or resolved
 * into events and notifications. Runs on a thread of its own; never blocks the control loop.
 */
final class AlertWatch implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AlertWatch.class);
  private static final Duration SCRAPE_TIMEOUT = Duration.ofSeconds(2);

  private record Rules(ModelDeployment spec, AlertTracker tracker, SampleHistory history) {}

  private final Store store;
  private final Supplier<List<ReplicaView>> replicas;
  private final Clock clock;
  private final AlertReceivers receivers;
  private final AlertDelivery delivery;
  private final Map<String, Rules> rules = new HashMap<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(SCRAPE_TIMEOUT).build();
  private final ScheduledExecutorService executor =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "aviary-alerts");
            t.setDaemon(true);
            return t;
          });

  AlertWatch(
      Store store, Supplier<List<ReplicaView>> replicas, Clock clock, AlertReceivers receivers) {
    this.store = store;
    this.replicas = replicas;
    this.clock = clock;
    this.receivers = receivers;
    this.delivery =
        new AlertDelivery(
            receivers.retryBase(),
            receivers.attempts(),
            (deployment, receiver, attempts, error) ->
                store.addEvent(
                    deployment,
                    clock.instant(),
                    "Warning",
                    "AlertDeliveryFailed",
                    "alert notification to "
                        + receiver
                        + " failed "
                        + attempts
                        + " times; last: "
                        + error));
  }

  void start() {
    long ms = receivers.interval().toMillis();
    executor.scheduleWithFixedDelay(this::safeTick, ms, ms, TimeUnit.MILLISECONDS);
  }

  private void safeTick() {
    try {
      tick();
    } catch (RuntimeException e) {
      LOG.error("alert evaluation failed; trying again next interval", e);
    }
  }

  /** One evaluation: sample, evaluate each deployment's rules, report what changed. */
  void tick() {
    Instant now = clock.instant();
    Map<String, String> templates = store.templates();
    Set<String> present = new HashSet<>();
    List<ReplicaView> all = replicas.get();
    for (Store.StoredDeployment d : store.deployments()) {
      present.add(d.name());
      Rules r = rulesOf(d, templates);
      if (r == null) {
        continue;
      }
      sample(r.history(), d, all, now);
      r.history().markStale(now);
      r.history().prune(now);
      List<Change> changes = r.tracker().evaluate(r.history(), now);
      report(d.name(), changes);
      remind(d.name(), r.tracker(), changes);
    }
    rules.keySet().retainAll(present);
  }

  private Rules rulesOf(Store.StoredDeployment d, Map<String, String> templates) {
    ModelDeployment md;
    try {
      md = SpecTexts.deployment(d.spec(), SpecTexts.templates(templates));
    } catch (SpecReadException e) {
      return null; // the control loop reports a stored spec that no longer reads
    }
    Rules r = rules.get(d.name());
    if (r == null
        || !r.spec().spec().monitoring().equals(md.spec().monitoring())
        || !r.spec().spec().model().name().equals(md.spec().model().name())) {
      List<AlertRule> list =
          AlertRules.forDeployment(md.spec().monitoring(), md.spec().model().name(), d.name())
              .alerts();
      r = new Rules(md, new AlertTracker(list), SampleHistory.forRules(list));
      rules.put(d.name(), r);
    }
    return r;
  }

  private void sample(
      SampleHistory history, Store.StoredDeployment d, List<ReplicaView> all, Instant now) {
    for (PlatformMetrics.Series s : PlatformMetrics.of(d, all)) {
      history.add(s.name(), s.labels(), s.value(), now);
    }
    for (ReplicaView v : all) {
      if (!v.deployment().equals(d.name())) {
        continue;
      }
      Map<String, String> replica = Map.of("deployment", d.name(), "instance", v.replica());
      // The rule counts changes of a process' start time; each restart the supervisor made is one.
      history.add(AlertRules.PROCESS_START, replica, v.restarts(), now);
      if (v.port() > 0 && !"BackOff".equals(v.state())) {
        for (PrometheusText.Sample s : scrape(v.port())) {
          Map<String, String> labels = new LinkedHashMap<>(s.labels());
          labels.putAll(replica);
          history.add(s.name(), labels, s.value(), now);
        }
      }
    }
  }

  private List<PrometheusText.Sample> scrape(int port) {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                  .timeout(SCRAPE_TIMEOUT)
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? PrometheusText.parse(r.body()) : List.of();
    } catch (java.io.IOException | RuntimeException e) {
      return List.of(); // a replica starting or stopping; its readiness alert covers it
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of();
    }
  }

  private void report(String deployment, List<Change> changes) {
    if (changes.isEmpty()) {
      return;
    }
    for (Change c : changes) {
      String summary = c.alert().rule().annotationsFor(c.alert().labels()).get("summary");
      store.addEvent(
          deployment,
          c.resolved() ? c.endsAt() : c.alert().startsAt(),
          c.resolved() ? "Normal" : "Warning",
          c.resolved() ? "AlertResolved" : "AlertFiring",
          c.alert().name() + " [" + c.alert().labels().get("severity") + "]: " + summary);
    }
    List<Change> firing = changes.stream().filter(c -> !c.resolved()).toList();
    List<Change> resolved = changes.stream().filter(Change::resolved).toList();
    for (List<Change> group : List.of(firing, resolved)) {
      if (group.isEmpty()) {
        continue;
      }
      if (receivers.webhook() != null) {
        delivery.post(
            deployment,
            receivers.webhook(),
            AlertPayloads.webhook("aviary", deployment, group, "aviary://" + deployment));
      }
      if (receivers.slack() != null) {
        delivery.post(deployment, receivers.slack(), AlertPayloads.slack(deployment, group));
      }
    }
  }

  /**
   * Alertmanager resolves an alert it has not heard of for a while, so, as Prometheus does, the
   * firing ones are sent again at every evaluation, with the ones that just resolved.
   */
  private void remind(String deployment, AlertTracker tracker, List<Change> changes) {
    if (receivers.alertmanager() == null) {
      return;
    }
    List<Change> all = new ArrayList<>(changes.stream().filter(Change::resolved).toList());
    tracker.firing().forEach(a -> all.add(new Change(a, null)));
    if (!all.isEmpty()) {
      delivery.post(
          deployment,
          receivers.alertmanager().resolve("/api/v2/alerts"),
          AlertPayloads.alertmanager(all, "http://127.0.0.1/" + deployment));
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
    delivery.close();
  }
}
