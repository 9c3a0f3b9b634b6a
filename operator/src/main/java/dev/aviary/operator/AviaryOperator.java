package dev.aviary.operator;

import dev.aviary.analysis.BuiltinSource;
import dev.aviary.analysis.Measurer;
import dev.aviary.analysis.PrometheusSource;
import dev.aviary.analysis.WebSource;
import dev.aviary.operator.crd.ModelDeploymentResource;
import dev.aviary.operator.metrics.PodFleet;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfig;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectorBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.javaoperatorsdk.operator.Operator;
import java.time.Clock;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running operator: the reconciler registered with java-operator-sdk, optionally watching a set
 * of namespaces, with leader election so that several replicas are safe (one reconciles, the others
 * wait for the lease).
 *
 * <p>Leader election is done here with fabric8's {@link LeaderElector} rather than by the operator
 * framework, whose election first asks the API server for a {@code SelfSubjectRulesReview} and
 * refuses to start when that review is refused (a restricted or mock API server answers 422). Here
 * the review is only a hint: a refused review or a missing verb is a warning, and the lease itself
 * says whether this replica may lead. The framework's operator is started when this replica starts
 * leading.
 */
public final class AviaryOperator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AviaryOperator.class);
  public static final String LEASE_NAME = "aviary-operator-lease";

  private final KubernetesClient client;
  private final Supplier<Operator> newOperator;
  private final LeaderElection leaderElection;
  private final Set<String> namespaces;
  private final ExecutorService electionThreads;
  private volatile Operator operator;
  private volatile CompletableFuture<?> election;

  /**
   * Leader election settings: the lease's namespace, this replica's identity (the pod name in a
   * cluster) and the timings. A replica that loses the lease exits, so that a stale leader never
   * keeps reconciling; its Deployment restarts it as a standby.
   */
  public record LeaderElection(
      String namespace,
      String identity,
      java.time.Duration leaseDuration,
      java.time.Duration renewDeadline,
      java.time.Duration retryPeriod,
      boolean exitOnLoss) {
    public static LeaderElection of(String namespace) {
      String id = System.getenv("HOSTNAME");
      return new LeaderElection(
          namespace,
          id == null || id.isBlank() ? UUID.randomUUID().toString() : id,
          java.time.Duration.ofSeconds(15),
          java.time.Duration.ofSeconds(10),
          java.time.Duration.ofSeconds(2),
          true);
    }
  }

  /**
   * @param namespaces namespaces to watch; empty = all
   * @param leaderElection null = no leader election (a single replica)
   */
  public AviaryOperator(
      KubernetesClient client,
      OperatorSettings settings,
      Clock clock,
      Set<String> namespaces,
      LeaderElection leaderElection) {
    this.client = client;
    this.leaderElection = leaderElection;
    this.namespaces = Set.copyOf(namespaces);
    this.newOperator = () -> newOperator(client, settings, clock, namespaces);
    this.electionThreads =
        leaderElection == null
            ? null
            : Executors.newCachedThreadPool(
                r -> {
                  Thread t = new Thread(r, "aviary-leader-election");
                  t.setDaemon(true);
                  return t;
                });
  }

  private static Operator newOperator(
      KubernetesClient client, OperatorSettings settings, Clock clock, Set<String> namespaces) {
    Measurer measurer =
        new Measurer(
            new PrometheusSource(settings.prometheusUrl(), settings.measurementTimeout()),
            new BuiltinSource(
                new PodFleet(client, settings.measurementTimeout()),
                clock,
                settings.measurementTimeout()),
            new WebSource(settings.measurementTimeout()));
    ModelDeploymentController controller =
        new ModelDeploymentController(client, settings, clock, measurer);
    Operator operator =
        new Operator(o -> o.withKubernetesClient(client).withCloseClientOnStop(false));
    operator.register(
        new ModelDeploymentReconciler(controller),
        c -> {
          if (!namespaces.isEmpty()) {
            c.settingNamespaces(namespaces);
          }
        });
    return operator;
  }

  /**
   * Starts reconciling at once, or, with leader election, starts competing for the lease (and
   * reconciles once it holds it).
   */
  public void start() {
    if (leaderElection == null) {
      operator = newOperator.get();
      operator.start();
      return;
    }
    requireModelDeploymentsReadable();
    LeasePermissions.warnIfMissing(client, leaderElection.namespace(), LEASE_NAME);
    LeaderElector elector =
        new LeaderElectorBuilder(client, electionThreads)
            .withConfig(
                new LeaderElectionConfig(
                    new LeaseLock(
                        leaderElection.namespace(), LEASE_NAME, leaderElection.identity()),
                    leaderElection.leaseDuration(),
                    leaderElection.renewDeadline(),
                    leaderElection.retryPeriod(),
                    new LeaderCallbacks(this::startLeading, this::stopLeading, this::newLeader),
                    true,
                    LEASE_NAME))
            .build();
    election = elector.start();
  }

  /**
   * Fails at start, as without leader election, when the API server cannot be reached or the CRD is
   * not installed, rather than later on the election's thread.
   */
  private void requireModelDeploymentsReadable() {
    var resources = client.resources(ModelDeploymentResource.class);
    if (namespaces.isEmpty()) {
      resources.inAnyNamespace().list(new ListOptionsBuilder().withLimit(1L).build());
    } else {
      resources
          .inNamespace(namespaces.iterator().next())
          .list(new ListOptionsBuilder().withLimit(1L).build());
    }
  }

  private void startLeading() {
    LOG.info("{} leads (lease {}): reconciling", leaderElection.identity(), LEASE_NAME);
    try {
      Operator o = newOperator.get();
      operator = o;
      o.start();
    } catch (RuntimeException e) {
      LOG.error("cannot start reconciling: {}", e.toString(), e);
      if (leaderElection.exitOnLoss()) {
        System.exit(1);
      }
    }
  }

  private void stopLeading() {
    Operator o = operator;
    operator = null;
    if (o != null) {
      o.stop();
    }
    if (leaderElection.exitOnLoss() && election != null && !election.isCancelled()) {
      // A replica that lost the lease exits so that it never reconciles beside the new leader.
      LOG.info("{} lost the lease {}; exiting", leaderElection.identity(), LEASE_NAME);
      System.exit(1);
    }
    LOG.info("{} stopped leading", leaderElection.identity());
  }

  private void newLeader(String identity) {
    LOG.info("leader of {}: {}", LEASE_NAME, identity);
  }

  /** True while this replica leads (always true without leader election, once started). */
  public boolean leading() {
    return operator != null;
  }

  /**
   * True once started with every watch connected; a standby replica waiting for the lease is
   * healthy too.
   */
  public boolean healthy() {
    Operator o = operator;
    if (o == null) {
      return election != null && !election.isDone();
    }
    var info = o.getRuntimeInfo();
    return info.isStarted() && info.allEventSourcesAreHealthy();
  }

  @Override
  public void close() {
    CompletableFuture<?> e = election;
    if (e != null) {
      e.cancel(true);
    }
    Operator o = operator;
    operator = null;
    if (o != null) {
      o.stop();
    }
    if (electionThreads != null) {
      electionThreads.shutdownNow();
    }
  }
}
