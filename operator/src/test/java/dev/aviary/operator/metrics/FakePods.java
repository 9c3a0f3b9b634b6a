package dev.aviary.operator.metrics;

import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Pods as the kubelet reports them once running, with their IP on 127.0.0.1, so that a source that
 * reads a pod's port reaches a real local HTTP server of the test.
 */
public final class FakePods {
  private FakePods() {}

  /** A running model-server pod of one revision whose {@code http} port is {@code port}. */
  public static Pod server(String name, String deployment, String revision, int port) {
    return running(
        name,
        Map.of("aviary.dev/deployment", deployment, "aviary.dev/revision", revision),
        "server",
        Map.of("http", port));
  }

  /** A running pod with the given labels and one container with the given named ports. */
  public static Pod running(
      String name, Map<String, String> labels, String container, Map<String, Integer> ports) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(new LinkedHashMap<>(labels))
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName(container)
        .withPorts(
            ports.entrySet().stream()
                .map(
                    p ->
                        new ContainerPortBuilder()
                            .withName(p.getKey())
                            .withContainerPort(p.getValue())
                            .build())
                .toList())
        .endContainer()
        .endSpec()
        .withNewStatus()
        .withPodIP("127.0.0.1")
        .endStatus()
        .build();
  }
}
