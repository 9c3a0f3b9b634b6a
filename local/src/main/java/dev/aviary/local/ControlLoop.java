package dev.aviary.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aviary.analysis.Measurer;
import dev.aviary.analysis.MetricSource;
import dev.aviary.engine.Decision;
import dev.aviary.engine.Event;
import dev.aviary.engine.MetricQuery;
import dev.aviary.engine.Observations;
import dev.aviary.engine.Observations.MeasurementResult;
import dev.aviary.engine.Revision;
import dev.aviary.engine.RolloutEngine;
import dev.aviary.engine.RolloutStatus;
import dev.aviary.engine.RolloutStatusJson;
import dev.aviary.engine.Topology;
import dev.aviary.gateway.Gateway;
import dev.aviary.gateway.GatewayConfig;
import dev.aviary.spec.AnalysisTemplate;
import dev.aviary.spec.ModelDeployment;
import dev.aviary.spec.Problem;
import dev.aviary.spec.SpecReadException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control loop: for every deployment, calls the engine with the stored status and what the
 * supervisor, the providers and the operators reported, stores the new status and events, and makes
 * the decision so (replicas, gateway routes, measurements). All state changes run on one thread.
 * The decisions it does not leave to the engine are made by pure classes: {@link Admission} (what
 * an apply changes), {@link PendingMeasurements} (which measurements to start) and {@link Reported}
 * (which standing problems are new); this class does the I/O around them.
 */
final class ControlLoop implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ControlLoop.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Store store;
  private final Supervisor supervisor;
  private final Gateway gateway;
  private final PreviewPorts previews;
  private final Measurer measurer;
  private final ModelFiles modelFiles;
  private final Clock clock;
  private final ScheduledExecutorService loop =
      Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "aviary-control-loop"));
  private final ExecutorService measuring =
      Executors.newFixedThreadPool(4, r -> daemon(r, "aviary-measure"));
  private final AtomicBoolean wakePending = new AtomicBoolean();
  private final Map<String, State> states = new LinkedHashMap<>();
  private final Reported unrunnable = new Reported();
  private final Reported gatewayRefusals = new Reported();
  private final Reported tickFailures = new Reported();
  private Map<String, AnalysisTemplate> templates = Map.of();
  private GatewayConfig applied;

  /** What the loop keeps per deployment between ticks (the durable part is in the store). */
  private static final class State {
    ModelDeployment spec;
    RolloutStatus status;
    String statusJson;
    Decision last;
    final PendingMeasurements measurements = new PendingMeasurements();
  }

  ControlLoop(
      Store store,
      Supervisor supervisor,
      Gateway gateway,
      PreviewPorts previews,
      Measurer measurer,
      ModelFiles modelFiles,
      Clock clock) {
    this.store = store;
    this.supervisor = supervisor;
    this.gateway = gateway;
    this.previews = previews;
    this.measurer = measurer;
    this.modelFiles = modelFiles;
    this.clock = clock;
  }

  /** Loads the stored deployments and adopts their running replicas, then starts ticking. */
  void start() {
    call(
        () -> {
          templates = SpecTexts.templates(store.templates());
          Map<String, ReplicaSpec> known = new HashMap<>();
          Map<String, String> cannotAdopt = new HashMap<>();
          for (Store.StoredDeployment d : store.deployments()) {
            State s = new State();
            List<Problem> stale;
            try {
              s.spec = SpecTexts.deployment(d.spec(), templates);
              stale = SpecTexts.problems(d.spec(), templates);
            } catch (SpecReadException e) {
              LOG.error("stored deployment {} cannot be read; it is not run", d.name(), e);
              event(
                  d.name(),
                  "Warning",
                  "SpecUnreadable",
                  "the stored spec cannot be read (" + e.getMessage() + "); apply it again");
              continue;
            }
            if (!stale.isEmpty()) {
              // Revisions that set refused server settings or models are not started (ReplicaSpec).
              store.addEvent(
                  d.name(),
                  clock.instant(),
                  "Warning",
                  "InvalidSpec",
                  "the stored spec fails today's validation; apply a fixed one: "
                      + String.join("; ", stale.stream().map(Problem::toString).toList()));
            }
            s.status = d.status();
            s.statusJson = d.status() == null ? null : RolloutStatusJson.write(d.status());
            states.put(d.name(), s);
            if (d.status() != null) {
              for (Revision r : d.status().history()) {
                try {
                  known.put(d.name() + "/" + r.id(), ReplicaSpec.of(d.name(), r, modelFiles));
                } catch (IllegalArgumentException e) {
                  cannotAdopt.put(d.name() + "/" + r.id(), e.getMessage());
                }
              }
            }
          }
          List<Store.StoredReplica> running = store.replicas();
          for (Store.StoredReplica r : running) {
            String why = cannotAdopt.remove(r.deployment() + "/" + r.revision());
            if (why != null) {
              event(
                  r.deployment(),
                  "Warning",
                  "CannotRun",
                  "revision "
                      + r.revision()
                      + " cannot run here, so its replicas left running are stopped: "
                      + why);
            }
          }
          supervisor.adopt(running, known);
          for (String name : states.keySet()) {
            event(
                name,
                "Normal",
                "Resumed",
                "control loop resumed with phase " + phaseOf(states.get(name)));
          }
          return null;
        });
    loop.scheduleWithFixedDelay(this::tickSafely, 0, 500, TimeUnit.MILLISECONDS);
  }

  /** Asks for a tick soon (coalesced). */
  void wake() {
    if (wakePending.compareAndSet(false, true)) {
      loop.execute(
          () -> {
            wakePending.set(false);
            tickSafely();
          });
    }
  }

  // ---- operations (run on the loop thread) ----

  /** Applies every document of {@code text}; returns "kind/name created|configured|unchanged". */
  List<String> apply(String text) {
    return call(() -> applyNow(text));
  }

  /** Records a command; {@code by} (may be null) names who sent it in its event. */
  long command(String name, String kind, boolean full, Integer toRevision, String by) {
    return call(
        () -> {
          requireKnown(name);
          long seq = store.addCommand(name, kind, full, toRevision, clock.instant());
          event(
              name,
              "Normal",
              "CommandReceived",
              kind
                  + (full ? " --full" : "")
                  + (toRevision != null ? " to revision " + toRevision : "")
                  + (by != null ? " (by " + by + ")" : ""));
          wake();
          return seq;
        });
  }

  void delete(String name) {
    call(
        () -> {
          requireKnown(name);
          states.remove(name);
          unrunnable.forget(name);
          tickFailures.forget(name);
          supervisor.reconcile(name, Map.of());
          store.deleteDeployment(name);
          event(name, "Normal", "Deleted", "deployment deleted");
          pushRoutes();
          return null;
        });
  }

  /** Names with their current status (null before the first decision). */
  Map<String, RolloutStatus> list() {
    return call(
        () -> {
          Map<String, RolloutStatus> out = new LinkedHashMap<>();
          states.forEach((n, s) -> out.put(n, s.status));
          return out;
        });
  }

  /** Spec JSON, status, the queries due now; throws 404 for an unknown name. */
  record Snapshot(
      String name,
      JsonNode spec,
      RolloutStatus status,
      List<MetricQuery> pending,
      Map<String, Integer> specReplicas) {}

  Snapshot get(String name) {
    return call(
        () -> {
          requireKnown(name);
          State s = states.get(name);
          JsonNode spec = JSON.readTree(store.deployment(name).orElseThrow().spec());
          return new Snapshot(
              name,
              spec,
              s.status,
              s.last == null ? List.of() : s.last.queries(),
              Map.of("replicas", s.spec.spec().replicas()));
        });
  }

  @Override
  public void close() {
    loop.shutdownNow();
    try {
      loop.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    previews.close();
    measuring.shutdownNow();
  }

  // ---- internals ----

  private List<String> applyNow(String text) throws SpecReadException {
    Map<String, String> storedDeployments = new HashMap<>();
    for (Store.StoredDeployment d : store.deployments()) {
      storedDeployments.put(d.name(), d.spec());
    }
    Map<String, String> served = new LinkedHashMap<>();
    states.forEach((name, s) -> served.put(name, s.spec.spec().model().name()));
    List<Admission.Item> items =
        Admission.admit(
            text,
            templates,
            new Admission.Stored(store.templates(), storedDeployments, served),
            modelFiles::check);
    Instant now = clock.instant();
    for (Admission.Item item : items) {
      if (item.kind().equals(AnalysisTemplate.KIND)) {
        store.putTemplate(item.name(), item.json());
      }
    }
    templates = SpecTexts.templates(store.templates());
    for (Admission.Item item : items) {
      if (!item.kind().equals(ModelDeployment.KIND)) {
        continue;
      }
      store.putDeployment(item.name(), item.json(), now);
      State s = states.computeIfAbsent(item.name(), n -> new State());
      s.spec = SpecTexts.deployment(item.json(), templates);
      store.putRevisionSpec(item.name(), Revision.idOf(s.spec.spec()), item.json());
      if (item.eventReason() != null) {
        store.addEvent(
            item.name(),
            now,
            "Normal",
            item.eventReason(),
            "model "
                + s.spec.spec().model().name()
                + " v"
                + s.spec.spec().model().version()
                + ", "
                + s.spec.spec().replicas()
                + " replicas");
      }
    }
    wake();
    return items.stream().map(Admission.Item::line).toList();
  }

  private void requireKnown(String name) {
    if (!states.containsKey(name)) {
      throw new ApplyException(404, "no deployment named '" + name + "'", List.of());
    }
  }

  private void tickSafely() {
    try {
      tick();
    } catch (RuntimeException e) {
      LOG.error("control loop tick failed", e);
    }
  }

  private void tick() {
    Instant now = clock.instant();
    RolloutEngine engine = new RolloutEngine(templates);
    for (Map.Entry<String, State> e : new ArrayList<>(states.entrySet())) {
      String name = e.getKey();
      try {
        tick(name, e.getValue(), engine, now);
        tickFailures.newOnes(name, List.of());
      } catch (RuntimeException ex) {
        // One deployment's failure does not stop the others; it is retried on the next tick.
        if (!tickFailures.newOnes(name, List.of(String.valueOf(ex))).isEmpty()) {
          LOG.error("{}: control loop tick failed; retried every tick", name, ex);
          eventSafely(name, "Warning", "TickFailed", "control loop tick failed: " + ex);
        }
      }
    }
    pushRoutes();
  }

  private void tick(String name, State s, RolloutEngine engine, Instant now) {
    List<MeasurementResult> results =
        s.last == null
            ? List.of()
            : s.measurements.resultsFor(s.last.queries(), id -> loadResult(name, id));
    long last = s.status == null ? 0 : s.status.lastCommand();
    Observations facts =
        new Observations(supervisor.observed(name), results, store.commandsAfter(name, last));
    Decision d = engine.next(s.spec, s.status, facts, now);
    String json = RolloutStatusJson.write(d.status());
    if (!json.equals(s.statusJson)) {
      store.putStatus(name, d.status(), now);
      s.statusJson = json;
    }
    store.addEvents(name, d.events());
    for (Event ev : d.events()) {
      LOG.info("{}: {}: {}", name, ev.reason(), ev.message());
    }
    s.status = d.status();
    s.last = d;
    followUndo(name, s, now);
    Map<ReplicaSpec, Integer> wanted = new LinkedHashMap<>();
    List<String> cannotRun = new ArrayList<>();
    for (Topology.Placement p : d.topology().revisions()) {
      try {
        wanted.put(ReplicaSpec.of(name, p.revision(), modelFiles), p.replicas());
      } catch (IllegalArgumentException ex) {
        cannotRun.add("revision " + p.revision().id() + " cannot run here: " + ex.getMessage());
      }
    }
    for (String problem : unrunnable.newOnes(name, cannotRun)) {
      LOG.warn("{}: {}", name, problem);
      store.addEvent(name, now, "Warning", "CannotRun", problem);
    }
    supervisor.reconcile(name, wanted);
    for (MetricQuery q : s.measurements.start(d.queries())) {
      String reference = q.referenceRevisionId(s.status);
      measuring.execute(() -> measure(name, s, q, reference));
    }
  }

  /**
   * After an undo the engine heads to a revision the spec does not name: the stored spec becomes
   * the one last applied for that revision, so {@code get} shows what runs and applying it again is
   * unchanged (as Argo Rollouts' undo rolls the template back).
   */
  private void followUndo(String name, State s, Instant now) {
    Revision target = s.status.target();
    String named = Revision.idOf(s.spec.spec());
    if (target == null
        || s.status.aborted()
        || target.id().equals(named)
        || !named.equals(s.status.observedRevision())) {
      return;
    }
    store
        .revisionSpec(name, target.id())
        .ifPresent(
            text -> {
              try {
                ModelDeployment back = SpecTexts.deployment(text, templates);
                store.putDeployment(name, text, now);
                s.spec = back;
                store.addEvent(
                    name,
                    now,
                    "Normal",
                    "SpecRolledBack",
                    "spec set back to the one applied for " + target);
              } catch (SpecReadException e) {
                LOG.warn("{}: the spec of {} cannot be restored: {}", name, target, e.getMessage());
              }
            });
  }

  private void pushRoutes() {
    List<GatewayRoutes.Deployment> ds = new ArrayList<>();
    states.forEach(
        (name, s) -> {
          if (s.last != null) {
            ds.add(
                new GatewayRoutes.Deployment(
                    name,
                    s.spec.spec().model().name(),
                    s.last.topology(),
                    s.status.stable() == null ? null : s.status.stable().id()));
          }
        });
    GatewayConfig config = GatewayRoutes.config(ds, supervisor::readyPorts);
    previews.realise(GatewayRoutes.previewRoutes(ds, supervisor::readyPorts));
    if (!config.equals(applied)) {
      try {
        gateway.apply(config);
        applied = config;
        gatewayRefusals.newOnes("gateway", List.of());
      } catch (RuntimeException e) {
        // Tried again every tick; logged when the refusal is new, not every 500 ms.
        if (!gatewayRefusals
            .newOnes("gateway", List.of(String.valueOf(e.getMessage())))
            .isEmpty()) {
          LOG.error("gateway refused the routes; the previous routes stay in place", e);
        }
      }
    }
  }

  private void measure(String name, State s, MetricQuery q, String reference) {
    MeasurementResult r =
        measurer.measure(q, MetricSource.DEFAULT_NAMESPACE, name, reference, clock.instant());
    try {
      loop.execute(() -> measured(name, s, q, r));
    } catch (RejectedExecutionException e) {
      LOG.debug("{}: measurement {} ended after the control loop stopped", name, q.id());
    }
  }

  private void measured(String name, State s, MetricQuery q, MeasurementResult r) {
    if (states.get(name) != s) {
      return; // deleted meanwhile
    }
    try {
      store.putMeasurement(StoredValues.stored(r, name, q.metric(), q.revisionId()));
    } catch (RuntimeException e) {
      // Not stored: the engine would not see it after a restart. Measured again next tick.
      LOG.error("{}: measurement {} could not be stored; it is taken again", name, q.id(), e);
      s.measurements.abandoned(q.id());
      return;
    }
    s.measurements.finished(r);
    tickSafely();
  }

  private Optional<MeasurementResult> loadResult(String name, String queryId) {
    return store
        .measurement(name, queryId)
        .map(
            m -> {
              try {
                return StoredValues.result(m);
              } catch (IllegalArgumentException e) {
                LOG.error("{}: stored measurement {} does not read", name, queryId, e);
                event(
                    name,
                    "Warning",
                    "MeasurementUnreadable",
                    "stored measurement " + queryId + " does not read (" + e.getMessage() + ")");
                return MeasurementResult.failed(
                    queryId, m.at(), "stored measurement does not read: " + e.getMessage());
              }
            });
  }

  private void event(String deployment, String type, String reason, String message) {
    store.addEvent(deployment, clock.instant(), type, reason, message);
  }

  /** For reporting a failure that may be the store's own: then the log has to do. */
  private void eventSafely(String deployment, String type, String reason, String message) {
    try {
      event(deployment, type, reason, message);
    } catch (RuntimeException e) {
      LOG.error("{}: cannot record event {}", deployment, reason, e);
    }
  }

  private static String phaseOf(State s) {
    return s.status == null ? "(none yet)" : s.status.phase().name();
  }

  private <T> T call(Callable<T> job) {
    try {
      return loop.submit(job).get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof ApplyException a) {
        throw a;
      }
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}
