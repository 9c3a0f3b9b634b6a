package dev.aviary.operator;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The kubelet and Deployment controller of a test cluster: watches Deployments and, as soon as one
 * is created or changed, reports all its replicas ready, updated and available for its current
 * generation (none ready for a revision marked broken).
 */
final class FakeKubelet implements AutoCloseable {
  final Set<String> brokenRevisions = ConcurrentHashMap.newKeySet();
  private final KubernetesClient client;
  private final SharedIndexInformer<Deployment> informer;

  FakeKubelet(KubernetesClient client, String namespace) {
    this.client = client;
    this.informer =
        client
            .apps()
            .deployments()
            .inNamespace(namespace)
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(Deployment d) {
                    markReady(d);
                  }

                  @Override
                  public void onUpdate(Deployment old, Deployment d) {
                    markReady(d);
                  }

                  @Override
                  public void onDelete(Deployment d, boolean unknownFinalState) {}
                });
  }

  private void markReady(Deployment d) {
    String rev =
        d.getMetadata().getLabels() == null
            ? null
            : d.getMetadata().getLabels().get(Labels.REVISION);
    int want = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    int ready = rev != null && brokenRevisions.contains(rev) ? 0 : want;
    var st = d.getStatus();
    if (st != null
        && Objects.equals(st.getReplicas(), want)
        && Objects.equals(st.getReadyReplicas(), ready)
        && Objects.equals(st.getObservedGeneration(), d.getMetadata().getGeneration())) {
      return;
    }
    d.setStatus(
        new DeploymentStatusBuilder()
            .withObservedGeneration(d.getMetadata().getGeneration())
            .withReplicas(want)
            .withUpdatedReplicas(want)
            .withReadyReplicas(ready)
            .withAvailableReplicas(ready)
            .build());
    try {
      client.resource(d).updateStatus();
    } catch (KubernetesClientException e) {
      // changed or deleted meanwhile: the watch delivers the newer version, handled then
    }
  }

  @Override
  public void close() {
    informer.close();
  }
}
