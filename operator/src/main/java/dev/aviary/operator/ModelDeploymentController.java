package dev.aviary.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.aviary.analysis.Measurer;
import dev.aviary.engine.Command;
import dev.aviary.engine.Decision;
import dev.aviary.engine.Event;
import dev.aviary.engine.MetricQuery;
import dev.aviary.engine.Observations;
import dev.aviary.engine.Observations.MeasurementResult;
import dev.aviary.engine.RolloutEngine;
import dev.aviary.engine.RolloutStatus;
import dev.aviary.engine.RolloutStatusJson;
import dev.aviary.engine.StatusCondition;
import dev.aviary.operator.crd.AnalysisTemplateResource;
import dev.aviary.operator.crd.ModelDeploymentResource;
import dev.aviary.operator.crd.ModelDeploymentStatus;
import dev.aviary.operator.traffic.TrafficProvider;
import dev.aviary.operator.traffic.TrafficProviders;
import dev.aviary.spec.ModelDeployment;
import dev.aviary.spec.Problem;
import dev.aviary.spec.Strategy;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One reconciliation of one ModelDeployment: bind and validate the spec, read the facts (ready
 * replicas per revision, a pending command), ask the engine, take the measurements it asks for,
 * make the cluster match the decision, write the status (refused if the resource read was stale),
 * record events, and say when to come back. Independent of the operator framework so tests can
 * drive it step by step with their own clock.
 */
public final class ModelDeploymentController {
  private static final Logger LOG = LoggerFactory.getLogger(ModelDeploymentController.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String FIELD_MANAGER = "aviary-operator";
  private static final int MAX_MEASURE_ROUNDS = 5;

  private final KubernetesClient client;
  private final OperatorSettings settings;
  private final Clock clock;
  private final Measurer measurer;
  private final ClusterApplier applier;
  private final EventRecorder recorder;

  public ModelDeploymentController(
      KubernetesClient client, OperatorSettings settings, Clock clock, Measurer measurer) {
    this.client = client;
    this.settings = settings;
    this.clock = clock;
    this.measurer = measurer;
    this.applier = new ClusterApplier(client);
    this.recorder = new EventRecorder(client);
  }

  /** Reconciles once; the result is when to reconcile again even if nothing changes. */
  public Optional<Duration> reconcile(ModelDeploymentResource md) {
    return reconcile(md, written -> {});
  }

  /**
   * Reconciles once, handing the resource as written with its new status to {@code written} (the
   * operator framework caches it for the next reconciliation).
   *
   * <p>The status is written with the resource version that was read, and events are recorded only
   * once it is written: a reconciliation that read a stale resource fails with {@link
   * StaleResourceException} and records nothing, and the next one (reading the status that was
   * written, which {@code written} makes visible at once) repeats none of it. What it did to the
   * cluster is what the previous state called for, so doing it again is harmless.
   */
  public Optional<Duration> reconcile(
      ModelDeploymentResource md, Consumer<ModelDeploymentResource> written) {
    String ns = md.getMetadata().getNamespace();
    String name = md.getMetadata().getName();
    Instant now = clock.instant();
    ModelDeploymentStatus old = md.getStatus();

    List<AnalysisTemplateResource> templates =
        client.resources(AnalysisTemplateResource.class).inNamespace(ns).list().getItems();
    SpecBinding.Bound bound = SpecBinding.bind(md, templates);
    if (!bound.valid()) {
      writeInvalid(md, bound.problems(), now, written);
      return Optional.empty();
    }
    ModelDeployment spec = bound.deployment();
    RolloutStatus state = readState(md);

    List<Command> commands = new ArrayList<>();
    List<Event> events = new ArrayList<>();
    String commandId = old == null ? null : old.lastCommandId;
    Map<String, String> annotations = md.getMetadata().getAnnotations();
    String id =
        annotations == null ? null : annotations.get(ModelDeploymentResource.COMMAND_ID_ANNOTATION);
    String cmd =
        annotations == null ? null : annotations.get(ModelDeploymentResource.COMMAND_ANNOTATION);
    if (cmd != null && id != null && !id.equals(commandId)) {
      try {
        commands.add(CommandAnnotation.parse(cmd, state.lastCommand() + 1));
      } catch (IllegalArgumentException e) {
        events.add(new Event(now, Event.Type.Warning, "CommandRejected", e.getMessage()));
      }
      commandId = id;
    }

    Map<String, Observations.Replicas> replicas = observeReplicas(ns, name);
    RolloutEngine engine = new RolloutEngine(bound.templates());
    List<MeasurementResult> measured = new ArrayList<>();
    Set<String> tried = new HashSet<>();
    RolloutStatus s = state;
    Decision d;
    for (int round = 0; ; round++) {
      d = engine.next(spec, s, new Observations(replicas, measured, commands), now);
      events.addAll(d.events());
      s = d.status();
      List<MetricQuery> fresh = d.queries().stream().filter(q -> !tried.contains(q.id())).toList();
      if (fresh.isEmpty() || round == MAX_MEASURE_ROUNDS) {
        break;
      }
      for (MetricQuery q : fresh) {
        tried.add(q.id());
        measured.add(measurer.measure(q, ns, name, q.referenceRevisionId(s), now));
      }
    }

    events.addAll(realise(md, spec, d, now));
    writeStatus(md, summary(md, d, commandId, now), written);
    recorder.record(md, events);
    return d.requeueAfter(now);
  }

  /** The traffic provider a spec asks for (the operator's default when it names none). */
  TrafficProvider providerFor(ModelDeployment spec) {
    return TrafficProviders.named(providerName(spec, settings));
  }

  static String providerName(ModelDeployment spec, OperatorSettings settings) {
    if (spec.spec().strategy() instanceof Strategy.Canary c
        && c.trafficRouting() != null
        && c.trafficRouting().provider() != null) {
      return c.trafficRouting().provider();
    }
    return settings.defaultTraffic();
  }

  private RolloutStatus readState(ModelDeploymentResource md) {
    ModelDeploymentStatus st = md.getStatus();
    if (st == null || st.rollout == null || st.rollout.isBlank()) {
      return RolloutStatus.initial();
    }
    try {
      return RolloutStatusJson.read(st.rollout);
    } catch (IllegalArgumentException e) {
      LOG.warn(
          "status.rollout of {} is unreadable, starting over: {}",
          md.getMetadata().getName(),
          e.getMessage());
      return RolloutStatus.initial();
    }
  }

  private Map<String, Observations.Replicas> observeReplicas(String ns, String name) {
    Map<String, Observations.Replicas> out = new LinkedHashMap<>();
    for (Deployment dep :
        client
            .apps()
            .deployments()
            .inNamespace(ns)
            .withLabel(Labels.DEPLOYMENT, name)
            .withLabel(Labels.ROLE, "server")
            .list()
            .getItems()) {
      String rev = dep.getMetadata().getLabels().get(Labels.REVISION);
      if (rev == null) {
        continue;
      }
      var st = dep.getStatus();
      int ready = st == null || st.getReadyReplicas() == null ? 0 : st.getReadyReplicas();
      int available =
          st == null || st.getAvailableReplicas() == null ? 0 : st.getAvailableReplicas();
      out.put(rev, new Observations.Replicas(ready, available));
    }
    return out;
  }

  /**
   * Makes the cluster match the decision. Deployments and Services must be written (a failure fails
   * the reconciliation, which is retried); a routing object that cannot be written (say, the
   * Gateway API is not installed) becomes a warning event, returned, so the status still tells the
   * truth.
   */
  private List<Event> realise(
      ModelDeploymentResource md, ModelDeployment spec, Decision d, Instant now) {
    List<Event> events = new ArrayList<>();
    Owned owned = Owned.by(md);
    List<HasMetadata> desired = DesiredState.of(owned, spec, d, providerFor(spec), settings);
    Set<String> wantedDeployments = new HashSet<>();
    for (HasMetadata o : desired) {
      if (o instanceof Deployment) {
        wantedDeployments.add(o.getMetadata().getName());
      }
      boolean essential =
          o instanceof Deployment && Labels.isServer(o)
              || o instanceof io.fabric8.kubernetes.api.model.Service;
      try {
        applier.apply(o);
      } catch (KubernetesClientException e) {
        if (essential) {
          throw e;
        }
        events.add(
            new Event(
                now,
                Event.Type.Warning,
                "TrafficNotApplied",
                "cannot write "
                    + o.getKind()
                    + " "
                    + o.getMetadata().getName()
                    + " ("
                    + e.getCode()
                    + "): "
                    + e.getMessage()));
      }
    }
    for (Deployment dep :
        client
            .apps()
            .deployments()
            .inNamespace(owned.namespace())
            .withLabel(Labels.DEPLOYMENT, owned.name())
            .withLabel(Labels.ROLE, "server")
            .list()
            .getItems()) {
      if (!wantedDeployments.contains(dep.getMetadata().getName())) {
        client.resource(dep).delete();
      }
    }
    return events;
  }

  private ModelDeploymentStatus summary(
      ModelDeploymentResource md, Decision d, String commandId, Instant now) {
    RolloutStatus s = d.status();
    ModelDeploymentStatus out = new ModelDeploymentStatus();
    out.phase = s.phase().name();
    out.message = s.message();
    out.observedGeneration = md.getMetadata().getGeneration();
    out.stableRevision = s.stable() == null ? null : s.stable().id();
    out.canaryRevision = s.candidate() == null ? null : s.candidate().id();
    out.currentStep = s.candidate() == null ? null : s.currentStep();
    out.canaryWeight = s.candidate() == null ? 0 : d.topology().weight(s.candidate().id());
    out.weights = new LinkedHashMap<>(new java.util.TreeMap<>(d.topology().weights()));
    out.conditions = conditions(md.getStatus(), s.conditions(), now);
    out.problems = List.of();
    out.analysisRuns = s.runs().stream().map(ModelDeploymentController::runStatus).toList();
    out.lastCommandId = commandId;
    out.rollout = RolloutStatusJson.write(s);
    return out;
  }

  private static ModelDeploymentStatus.AnalysisRunStatus runStatus(
      dev.aviary.engine.AnalysisRun r) {
    var out = new ModelDeploymentStatus.AnalysisRunStatus();
    out.id = r.id();
    out.kind = r.kind().name();
    out.revision = r.revisionId();
    out.phase = r.phase().name();
    out.message = r.message().isEmpty() ? null : r.message();
    for (dev.aviary.engine.MetricResult m : r.metrics()) {
      var ms = new ModelDeploymentStatus.MetricStatus();
      ms.name = m.name();
      ms.phase = m.phase().name();
      for (dev.aviary.engine.Measurement x : m.measurements()) {
        var xs = new ModelDeploymentStatus.MeasurementStatus();
        xs.at = x.at() == null ? null : x.at().toString();
        xs.phase = x.phase().name();
        xs.value = x.value() == null ? null : x.value().toString();
        xs.baseline = x.baseline() == null ? null : x.baseline().toString();
        xs.reason = x.reason();
        ms.measurements.add(xs);
      }
      out.metrics.add(ms);
    }
    return out;
  }

  private static List<ModelDeploymentStatus.Condition> conditions(
      ModelDeploymentStatus old, List<StatusCondition> now, Instant at) {
    List<ModelDeploymentStatus.Condition> out = new ArrayList<>();
    for (StatusCondition c : now) {
      String status = c.status() ? "True" : "False";
      String since = at.toString();
      if (old != null && old.conditions != null) {
        for (ModelDeploymentStatus.Condition o : old.conditions) {
          if (o.type.equals(c.type()) && status.equals(o.status) && o.lastTransitionTime != null) {
            since = o.lastTransitionTime;
          }
        }
      }
      out.add(
          new ModelDeploymentStatus.Condition(c.type(), status, c.reason(), c.message(), since));
    }
    return out;
  }

  private void writeInvalid(
      ModelDeploymentResource md,
      List<Problem> problems,
      Instant now,
      Consumer<ModelDeploymentResource> written) {
    ModelDeploymentStatus old = md.getStatus();
    ModelDeploymentStatus out = new ModelDeploymentStatus();
    // The engine's state and the last consumed command are kept, so fixing the spec resumes.
    if (old != null) {
      out.rollout = old.rollout;
      out.lastCommandId = old.lastCommandId;
      out.stableRevision = old.stableRevision;
      out.weights = old.weights;
    }
    out.phase = "Invalid";
    out.observedGeneration = md.getMetadata().getGeneration();
    out.problems =
        problems.stream()
            .map(p -> new ModelDeploymentStatus.Problem(p.path(), p.message()))
            .toList();
    out.message =
        "spec is invalid: "
            + problems.stream().map(Problem::toString).reduce((a, b) -> a + "; " + b).orElse("");
    out.conditions = old == null || old.conditions == null ? List.of() : old.conditions;
    boolean changed =
        old == null || !"Invalid".equals(old.phase) || !out.message.equals(old.message);
    writeStatus(md, out, written);
    if (changed) {
      recorder.record(md, List.of(new Event(now, Event.Type.Warning, "InvalidSpec", out.message)));
    }
  }

  /**
   * Writes the status through the status subresource with optimistic concurrency: a JSON Patch that
   * replaces the status and sets the resource version that was read, which the API server refuses
   * (409) when the resource has changed since, so a reconciliation that started from a stale copy
   * (say the watch had not yet delivered the previous status write) never repeats a transition.
   */
  private void writeStatus(
      ModelDeploymentResource md,
      ModelDeploymentStatus status,
      Consumer<ModelDeploymentResource> written) {
    JsonNode before = md.getStatus() == null ? null : JSON.valueToTree(md.getStatus());
    JsonNode after = JSON.valueToTree(status);
    if (after.equals(before)) {
      return;
    }
    ArrayNode ops = JSON.createArrayNode();
    ops.addObject()
        .put("op", "replace")
        .put("path", "/metadata/resourceVersion")
        .put("value", md.getMetadata().getResourceVersion());
    ops.addObject().put("op", "add").put("path", "/status").set("value", after);
    try {
      written.accept(
          client
              .resources(ModelDeploymentResource.class)
              .inNamespace(md.getMetadata().getNamespace())
              .withName(md.getMetadata().getName())
              .subresource("status")
              .patch(PatchContext.of(PatchType.JSON), ops.toString()));
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        throw new StaleResourceException(md, e);
      }
      throw e;
    }
  }

  /**
   * The resource changed since it was read (HTTP 409 on the status write); nothing was done, and
   * reconciling the current version is right.
   */
  public static final class StaleResourceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StaleResourceException(ModelDeploymentResource md, KubernetesClientException cause) {
      super(
          "ModelDeployment "
              + md.getMetadata().getNamespace()
              + "/"
              + md.getMetadata().getName()
              + " changed since resource version "
              + md.getMetadata().getResourceVersion()
              + " was read",
          cause);
    }
  }
}
