package dev.aviary.operator;

import dev.aviary.analysis.BuiltinSource;
import dev.aviary.analysis.Measurer;
import dev.aviary.analysis.PrometheusSource;
import dev.aviary.analysis.WebSource;
import dev.aviary.operator.metrics.PodFleet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import java.time.Clock;
import java.util.Set;

/**
 * The running operator: the reconciler registered with java-operator-sdk, optionally watching a set
 * of namespaces, with leader election so that several replicas are safe (one reconciles, the others
 * wait for the lease).
 */
public final class AviaryOperator implements AutoCloseable {
  public static final String LEASE_NAME = "aviary-operator-lease";
  private final Operator operator;

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
          id == null || id.isBlank() ? null : id,
          LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE,
          LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE,
          LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE,
          true);
    }

    LeaderElectionConfiguration configuration() {
      return new LeaderElectionConfiguration(
          LEASE_NAME,
          namespace,
          leaseDuration,
          renewDeadline,
          retryPeriod,
          identity,
          null,
          exitOnLoss);
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
    operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client).withCloseClientOnStop(false);
              if (leaderElection != null) {
                o.withLeaderElectionConfiguration(leaderElection.configuration());
              }
            });
    operator.register(
        new ModelDeploymentReconciler(controller),
        c -> {
          if (!namespaces.isEmpty()) {
            c.settingNamespaces(namespaces);
          }
        });
  }

  public void start() {
    operator.start();
  }

  /**
   * True once started with every watch connected (a standby replica waiting for the lease is
   * healthy too).
   */
  public boolean healthy() {
    var info = operator.getRuntimeInfo();
    return info.isStarted() && info.allEventSourcesAreHealthy();
  }

  @Override
  public void close() {
    operator.stop();
  }
}
