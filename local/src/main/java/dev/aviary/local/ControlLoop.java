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
import dev.aviary.engine.RolloutEngine;
import dev.aviary.engine.RolloutStatus;
import dev.aviary.engine.RolloutStatusJson;
import dev.aviary.engine.Topology;
import dev.aviary.gateway.Gateway;
import dev.aviary.gateway.GatewayConfig;
import dev.aviary.spec.AnalysisTemplate;
import dev.aviary.spec.ModelDeployment;
import dev.aviary.spec.Problem;
import dev.aviary.spec.SpecDocuments;
import dev.aviary.spec.SpecReadException;
import dev.aviary.spec.condition.Value;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control loop: for every deployment, calls the engine with the stored status and what the
 * supervisor, the providers and the operators reported, stores the new status and events, and makes
 * the decision so (replicas, gateway routes, measurements). All state changes run on one thread.
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
  private Map<String, AnalysisTemplate> templates = Map.of();
  private GatewayConfig applied;

  /** What the loop keeps per deployment between ticks (the durable part is in the store). */
  private static final class State {
    ModelDeployment spec;
    RolloutStatus status;
    String statusJson;
    Decision last;
    final Map<String, MeasurementResult> results = new HashMap<>();
    final Set<String> inFlight = new HashSet<>();
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
          for (Store.StoredDeployment d : store.deployments()) {
            State s = new State();
            List<Problem> stale;
            try {
              s.spec = SpecTexts.deployment(d.spec(), templates);
              stale = SpecTexts.problems(d.spec(), templates);
            } catch (SpecReadException e) {
              LOG.error("stored deployment {} cannot be read: {}", d.name(), e.getMessage());
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
              d.status()
                  .history()
                  .forEach(
                      r -> {
                        try {
                          known.put(
                              d.name() + "/" + r.id(), ReplicaSpec.of(d.name(), r, modelFiles));
                        } catch (IllegalArgumentException e) {
                          // not runnable here; its replicas are not adopted
                        }
                      });
            }
          }
          supervisor.adopt(store.replicas(), known);
          for (String name : states.keySet()) {
            store.addEvent(
                name,
                clock.instant(),
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

  long command(String name, String kind, boolean full, Integer toRevision) {
    return call(
        () -> {
          requireKnown(name);
          long seq = store.addCommand(name, kind, full, toRevision, clock.instant());
          store.addEvent(
              name,
              clock.instant(),
              "Normal",
              "CommandReceived",
              kind
                  + (full ? " --full" : "")
                  + (toRevision != null ? " to revision " + toRevision : ""));
          wake();
          return seq;
        });
  }

  void delete(String name) {
    call(
        () -> {
          requireKnown(name);
          states.remove(name);
          supervisor.reconcile(name, Map.of());
          store.deleteDeployment(name);
          store.addEvent(name, clock.instant(), "Normal", "Deleted", "deployment deleted");
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
    SpecDocuments docs;
    try {
      docs = SpecDocuments.parse(text, templates);
    } catch (SpecReadException e) {
      throw new ApplyException(400, e.getMessage(), List.of());
    }
    List<String> problems = new ArrayList<>();
    docs.problems().forEach(p -> problems.add(p.toString()));
    if (problems.isEmpty()) {
      for (ModelDeployment d : docs.deployments()) {
        problems.addAll(runnable(d));
      }
    }
    if (!problems.isEmpty()) {
      throw new ApplyException(
          400,
          "the spec is invalid; nothing was changed (" + problems.size() + " problems)",
          problems);
    }
    List<String> out = new ArrayList<>();
    Instant now = clock.instant();
    for (Map.Entry<String, String> doc : SpecTexts.split(text)) {
      String[] kindName = doc.getKey().split("/", 2);
      if (kindName[0].equals(AnalysisTemplate.KIND)) {
        boolean same = doc.getValue().equals(store.templates().get(kindName[1]));
        store.putTemplate(kindName[1], doc.getValue());
        out.add("analysistemplate/" + kindName[1] + (same ? " unchanged" : " configured"));
      }
    }
    templates = SpecTexts.templates(store.templates());
    for (Map.Entry<String, String> doc : SpecTexts.split(text)) {
      String[] kindName = doc.getKey().split("/", 2);
      if (!kindName[0].equals(ModelDeployment.KIND)) {
        continue;
      }
      String name = kindName[1];
      var existing = store.deployment(name);
      boolean same = existing.isPresent() && existing.get().spec().equals(doc.getValue());
      store.putDeployment(name, doc.getValue(), now);
      State s = states.computeIfAbsent(name, n -> new State());
      s.spec = SpecTexts.deployment(doc.getValue(), templates);
      if (!same) {
        store.addEvent(
            name,
            now,
            "Normal",
            existing.isPresent() ? "SpecUpdated" : "SpecCreated",
            "model "
                + s.spec.spec().model().name()
                + " v"
                + s.spec.spec().model().version()
                + ", "
                + s.spec.spec().replicas()
                + " replicas");
      }
      out.add(
          "modeldeployment/"
              + name
              + (existing.isEmpty() ? " created" : same ? " unchanged" : " configured"));
    }
    wake();
    return out;
  }

  /** Checks the embedded platform adds on top of the spec validation. */
  private List<String> runnable(ModelDeployment d) {
    List<String> out = new ArrayList<>();
    String prefix = "ModelDeployment " + d.name() + ": ";
    String unusable = modelFiles.check(d.spec().model().uri());
    if (unusable != null) {
      out.add(prefix + new Problem("spec.model.uri", unusable));
    }
    EmbeddedTraffic.problem(d).ifPresent(p -> out.add(prefix + p));
    states.forEach(
        (other, s) -> {
          if (!other.equals(d.name())
              && s.spec.spec().model().name().equals(d.spec().model().name())) {
            out.add(
                prefix
                    + new Problem(
                        "spec.model.name",
                        "model name '"
                            + d.spec().model().name()
                            + "' is already served by deployment "
                            + other
                            + " (the gateway routes /v2/models/<name> and /v1/models/<name> to one"
                            + " deployment)"));
          }
        });
    return out;
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
      State s = e.getValue();
      List<MeasurementResult> results = new ArrayList<>();
      if (s.last != null) {
        for (MetricQuery q : s.last.queries()) {
          MeasurementResult r = s.results.computeIfAbsent(q.id(), id -> loadResult(name, id));
          if (r != null) {
            results.add(r);
          }
        }
      }
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
      Set<String> due = new HashSet<>();
      d.queries().forEach(q -> due.add(q.id()));
      s.results.keySet().retainAll(due);
      Map<ReplicaSpec, Integer> wanted = new LinkedHashMap<>();
      for (Topology.Placement p : d.topology().revisions()) {
        try {
          wanted.put(ReplicaSpec.of(name, p.revision(), modelFiles), p.replicas());
        } catch (IllegalArgumentException ex) {
          LOG.warn("{}: {}", name, ex.getMessage());
        }
      }
      supervisor.reconcile(name, wanted);
      for (MetricQuery q : d.queries()) {
        if (!s.results.containsKey(q.id()) && s.inFlight.add(q.id())) {
          String reference = q.referenceRevisionId(s.status);
          measuring.execute(() -> measure(name, s, q, reference));
        }
      }
    }
    pushRoutes();
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
      } catch (RuntimeException e) {
        LOG.error("gateway refused the routes: {}", e.getMessage());
      }
    }
  }

  private void measure(String name, State s, MetricQuery q, String reference) {
    MeasurementResult r =
        measurer.measure(q, MetricSource.DEFAULT_NAMESPACE, name, reference, clock.instant());
    Store.StoredMeasurement stored =
        new Store.StoredMeasurement(
            q.id(),
            name,
            q.metric(),
            q.revisionId(),
            r.at(),
            valuesJson(r.value()),
            valuesJson(r.baseline()),
            r.sampleSize(),
            r.error());
    loop.execute(
        () -> {
          if (states.get(name) != s) {
            return; // deleted meanwhile
          }
          store.putMeasurement(stored);
          s.inFlight.remove(q.id());
          s.results.put(q.id(), toResult(stored));
          tickSafely();
        });
  }

  private MeasurementResult loadResult(String name, String queryId) {
    return store.measurement(name, queryId).map(ControlLoop::toResult).orElse(null);
  }

  static MeasurementResult toResult(Store.StoredMeasurement m) {
    return new MeasurementResult(
        m.queryId(), m.at(), value(m.value()), value(m.baseline()), m.sampleSize(), m.error());
  }

  static String valuesJson(Value value) {
    if (value == null) {
      return null;
    }
    double[] values =
        value instanceof Value.Vector v
            ? v.values()
            : new double[] {((Value.Scalar) value).value()};
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < values.length; i++) {
      b.append(i == 0 ? "" : ",");
      b.append(Double.isFinite(values[i]) ? Double.toString(values[i]) : "\"" + values[i] + "\"");
    }
    return b.append(']').toString();
  }

  static Value value(String json) {
    if (json == null) {
      return null;
    }
    try {
      JsonNode n = JSON.readTree(json);
      double[] xs = new double[n.size()];
      for (int i = 0; i < xs.length; i++) {
        xs[i] = n.get(i).isNumber() ? n.get(i).asDouble() : Double.parseDouble(n.get(i).asText());
      }
      return xs.length == 1 ? Value.of(xs[0]) : Value.of(xs);
    } catch (Exception e) {
      return null;
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
