package dev.aviary.operator;

import dev.aviary.operator.metrics.BuiltinSource;
import dev.aviary.operator.metrics.Measurer;
import dev.aviary.operator.metrics.PrometheusSource;
import dev.aviary.operator.metrics.WebSource;
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
   * @param namespaces namespaces to watch; empty = all
   * @param leaseNamespace namespace of the leader-election lease; null = no leader election
   */
  public AviaryOperator(
      KubernetesClient client,
      OperatorSettings settings,
      Clock clock,
      Set<String> namespaces,
      String leaseNamespace) {
    Measurer measurer =
        new Measurer(
            new PrometheusSource(settings.prometheusUrl(), settings.measurementTimeout()),
            new BuiltinSource(client, clock, settings.measurementTimeout()),
            new WebSource(settings.measurementTimeout()));
    ModelDeploymentController controller =
        new ModelDeploymentController(client, settings, clock, measurer);
    operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client).withCloseClientOnStop(false);
              if (leaseNamespace != null) {
                o.withLeaderElectionConfiguration(
                    new LeaderElectionConfiguration(LEASE_NAME, leaseNamespace));
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
