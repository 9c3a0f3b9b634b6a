package dev.aviary.operator.traffic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.aviary.engine.Topology;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Aviary gateway in the cluster: a ConfigMap {@code <name>-routes} holding {@code routes.yaml}
 * in the gateway's own configuration shape, and a gateway Deployment and Service {@code
 * <name>-gateway} that mount it. The gateway polls the file, so a new table applies without a
 * restart (the kubelet refreshes mounted ConfigMaps within about a minute). The Service carries the
 * traffic port and the gateway's read-only metrics port, whose {@code /metrics} a Prometheus
 * Operator ServiceMonitor scrapes, {@code /stats} the operator reads and {@code /healthz} the
 * kubelet probes. The gateway's admin API, which could replace the routes, is off: the routes come
 * from the ConfigMap.
 */
final class AviaryGatewayTraffic implements TrafficProvider {
  static final String ROUTES_KEY = "routes.yaml";
  static final int GATEWAY_PORT = 8080;
  static final int METRICS_PORT = 8081;
  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));

  @Override
  public String name() {
    return "aviary";
  }

  @Override
  public List<HasMetadata> desired(TrafficPlan plan) {
    return List.of(routes(plan), gateway(plan), gatewayService(plan));
  }

  static String routesName(String deployment) {
    return deployment + "-routes";
  }

  /**
   * The routes table in the gateway's YAML shape: one route for the model's OIP v2 and V1 paths, as
   * the embedded platform routes them.
   */
  static Map<String, Object> table(TrafficPlan plan) {
    Topology t = plan.topology();
    Set<String> weighted = new LinkedHashSet<>();
    List<Object> revisions = new ArrayList<>();
    for (TrafficPlan.Backend b : plan.backends()) {
      String rev = b.revisionId() == null ? "active" : b.revisionId();
      weighted.add(rev);
      revisions.add(revision(rev, b.weight(), b.service()));
    }
    Set<String> referenced = new LinkedHashSet<>();
    t.headerRoutes().forEach(r -> referenced.add(r.revisionId()));
    if (t.mirror() != null) {
      referenced.add(t.mirror().revisionId());
    }
    if (t.preview() != null && t.preview().header() != null) {
      referenced.add(t.preview().revisionId());
    }
    for (String rev : referenced) {
      if (!weighted.contains(rev)) {
        revisions.add(revision(rev, 0, plan.service(rev)));
      }
    }
    List<Object> headerRoutes = new ArrayList<>();
    for (Topology.HeaderRoute r : t.headerRoutes()) {
      headerRoutes.add(headerRoute(r.header(), r.cookie(), r.value(), r.revisionId()));
    }
    if (t.preview() != null && t.preview().header() != null) {
      headerRoutes.add(
          headerRoute(t.preview().header(), null, t.preview().value(), t.preview().revisionId()));
    }
    Map<String, Object> route = new LinkedHashMap<>();
    route.put("name", plan.name());
    List<String> prefixes = plan.modelPathPrefixes();
    route.put(
        "match", prefixes.isEmpty() ? Map.of("pathPrefix", "/") : Map.of("pathPrefixes", prefixes));
    route.put("revisions", revisions);
    if (!headerRoutes.isEmpty()) {
      route.put("headerRoutes", headerRoutes);
    }
    if (t.mirror() != null) {
      route.put(
          "mirror", Map.of("revision", t.mirror().revisionId(), "percent", t.mirror().percent()));
    }
    return Map.of("routes", List.of(route));
  }

  private static Map<String, Object> revision(String rev, int weight, String service) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", rev);
    out.put("weight", weight);
    out.put("endpoints", List.of(service + ":" + GatewayApiTraffic.SERVICE_PORT));
    return out;
  }

  private static Map<String, Object> headerRoute(
      String header, String cookie, String value, String rev) {
    Map<String, Object> match = new LinkedHashMap<>();
    if (cookie != null) {
      match.put("cookie", cookie);
    } else {
      match.put("header", header);
    }
    match.put("value", value);
    return Map.of("match", match, "revision", rev);
  }

  private static ConfigMap routes(TrafficPlan plan) {
    String yaml;
    try {
      yaml = YAML.writeValueAsString(table(plan));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write routes: " + e.getOriginalMessage(), e);
    }
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(routesName(plan.name()))
        .withNamespace(plan.namespace())
        .withLabels(plan.labels())
        .withOwnerReferences(plan.owned().owner())
        .endMetadata()
        .addToData(ROUTES_KEY, yaml)
        .build();
  }

  private static Map<String, String> gatewayLabels(TrafficPlan plan) {
    Map<String, String> l = new LinkedHashMap<>(plan.labels());
    l.put("aviary.dev/role", "gateway");
    return l;
  }

  private static Deployment gateway(TrafficPlan plan) {
    Map<String, String> labels = gatewayLabels(plan);
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(plan.name() + "-gateway")
        .withNamespace(plan.namespace())
        .withLabels(labels)
        .withOwnerReferences(plan.owned().owner())
        .endMetadata()
        .withNewSpec()
        .withReplicas(2)
        .withNewSelector()
        .withMatchLabels(Map.of("aviary.dev/deployment", plan.name(), "aviary.dev/role", "gateway"))
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withRunAsUser(65532L)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .endSecurityContext()
        .addNewContainer()
        .withName("gateway")
        .withImage(plan.gatewayImage())
        .withArgs(
            "gateway",
            "--config",
            "/etc/aviary/" + ROUTES_KEY,
            // the gateway binds to loopback by default; a pod is reached on its own IP
            "--host",
            "0.0.0.0",
            "--port",
            Integer.toString(GATEWAY_PORT),
            "--metrics-port",
            Integer.toString(METRICS_PORT),
            "--admin-port",
            "-1")
        .addNewPort()
        .withName("http")
        .withContainerPort(GATEWAY_PORT)
        .endPort()
        .addNewPort()
        .withName("metrics")
        .withContainerPort(METRICS_PORT)
        .endPort()
        .withNewReadinessProbe()
        .withNewHttpGet()
        .withPath("/healthz")
        .withPort(new IntOrString("metrics"))
        .endHttpGet()
        .withPeriodSeconds(2)
        .endReadinessProbe()
        .withNewLivenessProbe()
        .withNewHttpGet()
        .withPath("/healthz")
        .withPort(new IntOrString("metrics"))
        .endHttpGet()
        .withPeriodSeconds(10)
        .withFailureThreshold(3)
        .endLivenessProbe()
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withReadOnlyRootFilesystem(true)
        .withAllowPrivilegeEscalation(false)
        .withNewCapabilities()
        .withDrop("ALL")
        .endCapabilities()
        .endSecurityContext()
        .addNewVolumeMount()
        .withName("routes")
        .withMountPath("/etc/aviary")
        .withReadOnly(true)
        .endVolumeMount()
        .addNewVolumeMount()
        .withName("tmp")
        .withMountPath("/tmp")
        .endVolumeMount()
        .endContainer()
        .addNewVolume()
        .withName("routes")
        .withNewConfigMap()
        .withName(routesName(plan.name()))
        .endConfigMap()
        .endVolume()
        .addNewVolume()
        .withName("tmp")
        .withNewEmptyDir()
        .endEmptyDir()
        .endVolume()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  private static Service gatewayService(TrafficPlan plan) {
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(plan.name() + "-gateway")
        .withNamespace(plan.namespace())
        .withLabels(gatewayLabels(plan))
        .withOwnerReferences(plan.owned().owner())
        .endMetadata()
        .withNewSpec()
        .withSelector(Map.of("aviary.dev/deployment", plan.name(), "aviary.dev/role", "gateway"))
        .addNewPort()
        .withName("http")
        .withPort(GatewayApiTraffic.SERVICE_PORT)
        .withTargetPort(new IntOrString("http"))
        .withProtocol("TCP")
        .endPort()
        .addNewPort()
        .withName("metrics")
        .withPort(METRICS_PORT)
        .withTargetPort(new IntOrString("metrics"))
        .withProtocol("TCP")
        .endPort()
        .endSpec()
        .build();
  }
}
