package dev.aviary.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.marcnuri.helm.Helm;
import dev.aviary.operator.HelmChart.Manifests;
import dev.aviary.spec.SpecDocuments;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The chart as Helm renders it (Helm's Go engine, no cluster): default values and every optional
 * feature on, each rendered document parsed and checked for names, namespaces, labels and
 * selectors, probes, security contexts, RBAC wiring and the values that should reach it.
 */
class HelmTemplateIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Every optional feature on, and most values changed from their defaults. */
  static final String EVERYTHING =
      """
      image: {repository: registry.example.com/ml/aviary, tag: "1.2.3", pullPolicy: Always}
      imagePullSecrets: [{name: regcred}]
      operator:
        replicas: 3
        watchNamespaces: [models, staging]
        serverImage: registry.example.com/ml/aviary-models:7
        fetchImage: curlimages/curl:8.11.0
        defaultTraffic: gateway-api
        prometheusUrl: http://prometheus.monitoring:9090
        gatewayParent: shared-gateway
        javaOptions: "-XX:MaxRAMPercentage=60"
        resources: {requests: {cpu: 250m, memory: 384Mi}, limits: {memory: 768Mi}}
        nodeSelector: {kubernetes.io/os: linux}
        tolerations: [{key: dedicated, operator: Equal, value: ml, effect: NoSchedule}]
      serviceAccount:
        name: aviary-operator
        annotations: {example.com/role: operator}
      gatewayApi: {createGateway: true, gatewayClassName: istio, port: 8080}
      monitoring:
        podMonitor: {enabled: true}
        serviceMonitor: {enabled: true}
        prometheusRule: {enabled: true}
        grafanaDashboard: {enabled: true}
        interval: 30s
        labels: {release: prometheus}
      """;

  private static Manifests defaults() {
    return HelmChart.template(null);
  }

  private static Manifests everything() {
    return HelmChart.template(EVERYTHING);
  }

  @Test
  void helm_lint_finds_no_error_or_warning() {
    var result = new Helm(HelmChartTest.CHART).lint().strict().call();
    assertThat(result.isFailed()).as("%s", result.getMessages()).isFalse();
    assertThat(result.getMessages())
        .noneMatch(m -> m.startsWith("[ERROR]") || m.startsWith("[WARNING]"));
  }

  @Test
  void the_default_install_is_the_operator_its_account_and_rbac_and_nothing_optional() {
    Manifests m = defaults();
    assertThat(m.kinds())
        .containsExactlyInAnyOrder(
            "ServiceAccount/aviary",
            "ClusterRole/aviary",
            "ClusterRoleBinding/aviary",
            "Role/aviary-leader-election",
            "RoleBinding/aviary-leader-election",
            "Deployment/aviary");
    for (JsonNode d : m.docs()) {
      boolean clusterScoped = d.path("kind").asText().startsWith("Cluster");
      assertThat(d.at("/metadata/namespace").isMissingNode())
          .as("namespace of %s", d.path("kind"))
          .isEqualTo(clusterScoped);
      if (!clusterScoped) {
        assertThat(d.at("/metadata/namespace").asText()).isEqualTo(HelmChart.NAMESPACE);
      }
      assertThat(d.at("/metadata/labels/app.kubernetes.io~1instance").asText())
          .isEqualTo(HelmChart.RELEASE);
      assertThat(d.at("/metadata/labels/app.kubernetes.io~1managed-by").asText()).isEqualTo("Helm");
    }
    assertThat(m.operatorArgs())
        .containsExactly(
            "operator",
            "--lease-namespace=aviary-system",
            "--server-image=aviary:0.1.0",
            "--fetch-image=busybox:1.37",
            "--traffic=aviary",
            "--gateway-parent=aviary-gateway",
            "--health-port=8081");
    assertThat(m.operator().at("/spec/replicas").asInt()).isEqualTo(2);
    assertThat(m.operatorContainer().path("image").asText()).isEqualTo("aviary:0.1.0");
  }

  @Test
  void every_optional_feature_renders_its_objects() {
    assertThat(everything().kinds())
        .containsExactlyInAnyOrder(
            "ServiceAccount/aviary-operator",
            "ClusterRole/aviary",
            "RoleBinding/aviary",
            "RoleBinding/aviary",
            "Role/aviary-leader-election",
            "RoleBinding/aviary-leader-election",
            "Deployment/aviary",
            "Gateway/shared-gateway",
            "PodMonitor/aviary-model-servers",
            "ServiceMonitor/aviary-gateways",
            "PrometheusRule/aviary",
            "ConfigMap/aviary-dashboard");
  }

  @Test
  void the_prometheus_rule_holds_the_rule_file_and_the_config_map_the_dashboard() throws Exception {
    Path files = HelmChartTest.CHART.resolve("files");
    JsonNode rule = everything().one("PrometheusRule", "aviary");
    JsonNode groups =
        new com.fasterxml.jackson.databind.ObjectMapper(
                new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
            .readTree(Files.readString(files.resolve("prometheus-rules.yaml")));
    assertThat(rule.path("spec")).isEqualTo(groups);
    assertThat(rule.at("/spec/groups/1/rules/0/alert").asText()).isEqualTo("AviaryErrorRateHigh");
    assertThat(rule.at("/metadata/labels/release").asText()).isEqualTo("prometheus");
    JsonNode cm = everything().one("ConfigMap", "aviary-dashboard");
    assertThat(cm.at("/metadata/labels/grafana_dashboard").asText()).isEqualTo("1");
    assertThat(cm.at("/data/aviary.json").asText())
        .isEqualTo(Files.readString(files.resolve("grafana-dashboard.json")).stripTrailing());
  }

  @Nested
  @DisplayName("the operator Deployment")
  class OperatorDeployment {
    @Test
    void selects_exactly_its_own_pods() {
      for (Manifests m : List.of(defaults(), everything())) {
        JsonNode d = m.operator();
        Map<String, String> selector = strings(d.at("/spec/selector/matchLabels"));
        Map<String, String> podLabels = strings(d.at("/spec/template/metadata/labels"));
        assertThat(selector)
            .containsEntry("app.kubernetes.io/instance", HelmChart.RELEASE)
            .containsEntry("app.kubernetes.io/component", "operator");
        assertThat(podLabels).containsAllEntriesOf(selector);
        // labels a Helm upgrade changes must not be in the immutable selector
        assertThat(selector).doesNotContainKeys("app.kubernetes.io/version", "helm.sh/chart");
      }
    }

    @Test
    void runs_non_root_read_only_without_capabilities_under_runtime_default_seccomp() {
      for (Manifests m : List.of(defaults(), everything())) {
        JsonNode pod = m.operator().at("/spec/template/spec");
        JsonNode c = m.operatorContainer();
        assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
        assertThat(pod.at("/securityContext/runAsUser").asInt()).isEqualTo(65532);
        assertThat(pod.at("/securityContext/seccompProfile/type").asText())
            .isEqualTo("RuntimeDefault");
        assertThat(c.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(c.at("/securityContext/allowPrivilegeEscalation").asBoolean()).isFalse();
        assertThat(c.at("/securityContext/capabilities/drop").toString()).isEqualTo("[\"ALL\"]");
        assertThat(c.at("/securityContext/capabilities/add").isMissingNode()).isTrue();
        assertThat(c.at("/securityContext/privileged").asBoolean(false)).isFalse();
        // the one writable place is an emptyDir at /tmp
        assertThat(c.at("/volumeMounts/0/mountPath").asText()).isEqualTo("/tmp");
        String volume = c.at("/volumeMounts/0/name").asText();
        assertThat(pod.path("volumes"))
            .anySatisfy(
                v -> {
                  assertThat(v.path("name").asText()).isEqualTo(volume);
                  assertThat(v.has("emptyDir")).isTrue();
                });
      }
    }

    @Test
    void probes_ask_the_health_endpoint_on_the_port_the_operator_is_told_to_serve_it() {
      for (Manifests m : List.of(defaults(), everything())) {
        JsonNode c = m.operatorContainer();
        int healthPort =
            Integer.parseInt(
                m.operatorArgs().stream()
                    .filter(a -> a.startsWith("--health-port="))
                    .findFirst()
                    .orElseThrow()
                    .substring("--health-port=".length()));
        for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
          JsonNode get = c.path(probe).path("httpGet");
          assertThat(get.path("path").asText()).as(probe).isEqualTo("/healthz");
          assertThat(containerPort(c, get.path("port").asText())).as(probe).isEqualTo(healthPort);
        }
        // a slow JVM start is the startup probe's business, not the liveness probe's
        JsonNode startup = c.path("startupProbe");
        assertThat(startup.path("periodSeconds").asInt() * startup.path("failureThreshold").asInt())
            .isGreaterThanOrEqualTo(60);
      }
    }

    @Test
    void the_lease_lives_in_the_release_namespace_where_the_leader_election_role_grants_it() {
      Manifests m = defaults();
      assertThat(m.operatorArgs()).contains("--lease-namespace=" + HelmChart.NAMESPACE);
      JsonNode role = m.one("Role", "aviary-leader-election");
      assertThat(role.at("/metadata/namespace").asText()).isEqualTo(HelmChart.NAMESPACE);
      assertThat(role.at("/rules/0/resources").toString()).isEqualTo("[\"leases\"]");
      assertThat(m.operator().at("/spec/replicas").asInt()).isGreaterThan(1);
    }

    @Test
    void takes_the_values_it_is_given() {
      Manifests m = everything();
      JsonNode pod = m.operator().at("/spec/template/spec");
      JsonNode c = m.operatorContainer();
      assertThat(m.operator().at("/spec/replicas").asInt()).isEqualTo(3);
      assertThat(c.path("image").asText()).isEqualTo("registry.example.com/ml/aviary:1.2.3");
      assertThat(c.path("imagePullPolicy").asText()).isEqualTo("Always");
      assertThat(pod.at("/imagePullSecrets/0/name").asText()).isEqualTo("regcred");
      assertThat(pod.path("serviceAccountName").asText()).isEqualTo("aviary-operator");
      assertThat(pod.at("/nodeSelector/kubernetes.io~1os").asText()).isEqualTo("linux");
      assertThat(pod.at("/tolerations/0/key").asText()).isEqualTo("dedicated");
      assertThat(c.at("/resources/requests/cpu").asText()).isEqualTo("250m");
      assertThat(c.at("/resources/limits/memory").asText()).isEqualTo("768Mi");
      assertThat(c.at("/env/0/name").asText()).isEqualTo("JAVA_TOOL_OPTIONS");
      assertThat(c.at("/env/0/value").asText()).isEqualTo("-XX:MaxRAMPercentage=60");
      assertThat(m.operatorArgs())
          .containsExactly(
              "operator",
              "--lease-namespace=aviary-system",
              "--server-image=registry.example.com/ml/aviary-models:7",
              "--fetch-image=curlimages/curl:8.11.0",
              "--traffic=gateway-api",
              "--gateway-parent=aviary-system/shared-gateway",
              "--health-port=8081",
              "--prometheus-url=http://prometheus.monitoring:9090",
              "--namespace=models",
              "--namespace=staging");
      assertThat(m.one("ServiceAccount", "aviary-operator").at("/metadata/annotations").toString())
          .isEqualTo("{\"example.com/role\":\"operator\"}");
    }
  }

  @Nested
  @DisplayName("RBAC")
  class Rbac {
    @Test
    void every_binding_refers_to_a_rendered_role_and_the_pods_service_account() {
      for (Manifests m : List.of(defaults(), everything())) {
        String account = m.operator().at("/spec/template/spec/serviceAccountName").asText();
        m.one("ServiceAccount", account);
        List<JsonNode> bindings = new ArrayList<>(m.all("RoleBinding"));
        bindings.addAll(m.all("ClusterRoleBinding"));
        assertThat(bindings).isNotEmpty();
        for (JsonNode b : bindings) {
          m.one(b.at("/roleRef/kind").asText(), b.at("/roleRef/name").asText());
          assertThat(b.at("/roleRef/apiGroup").asText()).isEqualTo("rbac.authorization.k8s.io");
          assertThat(b.path("subjects")).hasSize(1);
          assertThat(b.at("/subjects/0/kind").asText()).isEqualTo("ServiceAccount");
          assertThat(b.at("/subjects/0/name").asText()).isEqualTo(account);
          assertThat(b.at("/subjects/0/namespace").asText()).isEqualTo(HelmChart.NAMESPACE);
        }
      }
    }

    @Test
    void no_rule_uses_a_wildcard_or_touches_secrets() {
      for (Manifests m : List.of(defaults(), everything())) {
        for (JsonNode role :
            Stream.concat(m.all("ClusterRole").stream(), m.all("Role").stream()).toList()) {
          for (JsonNode rule : role.path("rules")) {
            assertThat(rule.toString()).doesNotContain("\"*\"", "secrets", "escalate", "bind");
          }
        }
      }
    }

    @Test
    void with_watched_namespaces_the_cluster_role_is_granted_only_in_those_namespaces() {
      Manifests m = everything();
      assertThat(m.all("ClusterRoleBinding")).isEmpty();
      Set<String> granted = new TreeSet<>();
      for (JsonNode b : m.all("RoleBinding")) {
        if (b.at("/roleRef/kind").asText().equals("ClusterRole")) {
          granted.add(b.at("/metadata/namespace").asText());
        }
      }
      assertThat(granted).containsExactly("models", "staging");
    }

    @Test
    void the_provider_switches_drop_their_rules() {
      Manifests m = HelmChart.template("rbac: {gatewayApi: false, istio: false}\n");
      String rules = m.one("ClusterRole", "aviary").path("rules").toString();
      assertThat(rules).contains("deployments").doesNotContain("httproutes", "virtualservices");
      assertThat(defaults().one("ClusterRole", "aviary").path("rules").toString())
          .contains("httproutes", "virtualservices");
    }

    @Test
    void rbac_off_renders_no_role_or_binding() {
      Manifests m = HelmChart.template("rbac: {create: false}\nserviceAccount: {create: false}\n");
      assertThat(m.kinds()).containsExactly("Deployment/aviary");
      assertThat(m.operator().at("/spec/template/spec/serviceAccountName").asText())
          .isEqualTo("aviary");
    }
  }

  @Nested
  @DisplayName("the Gateway API Gateway")
  class GatewayApiGateway {
    @Test
    void is_where_the_operators_http_routes_look_for_it() {
      Manifests m = everything();
      JsonNode gw = m.one("Gateway", "shared-gateway");
      assertThat(gw.path("apiVersion").asText()).isEqualTo("gateway.networking.k8s.io/v1");
      assertThat(gw.at("/metadata/namespace").asText()).isEqualTo(HelmChart.NAMESPACE);
      assertThat(gw.at("/spec/gatewayClassName").asText()).isEqualTo("istio");
      assertThat(gw.at("/spec/listeners/0/port").asInt()).isEqualTo(8080);
      // routes live in the ModelDeployments' namespaces
      assertThat(gw.at("/spec/listeners/0/allowedRoutes/namespaces/from").asText())
          .isEqualTo("All");
      assertThat(m.operatorArgs()).contains("--gateway-parent=aviary-system/shared-gateway");
    }

    @Test
    void may_live_in_a_namespace_of_its_own() {
      Manifests m =
          HelmChart.template(
              """
              operator: {gatewayParent: infra/edge}
              gatewayApi: {createGateway: true, gatewayClassName: cilium}
              """);
      JsonNode gw = m.one("Gateway", "edge");
      assertThat(gw.at("/metadata/namespace").asText()).isEqualTo("infra");
      assertThat(m.operatorArgs()).contains("--gateway-parent=infra/edge");
    }

    @Test
    void needs_a_gateway_class() {
      assertThatThrownBy(() -> HelmChart.template("gatewayApi: {createGateway: true}\n"))
          .hasMessageContaining("gatewayApi.gatewayClassName is required");
    }
  }

  @Nested
  @DisplayName("the Prometheus Operator monitors")
  class Monitors {
    private static final KubernetesSerialization K8S = new KubernetesSerialization();

    /** What the operator creates for a canary routed by the in-cluster Aviary gateway. */
    private static List<JsonNode> operatorObjects() throws Exception {
      List<HasMetadata> objects =
          Render.manifests(
              SpecDocuments.parse(Specs.canary("1", "aviary")),
              "aviary",
              "models",
              OperatorSettings.defaults());
      List<JsonNode> out = new ArrayList<>();
      for (HasMetadata o : objects) {
        out.add(JSON.readTree(K8S.asJson(o)));
      }
      return out;
    }

    private static JsonNode find(List<JsonNode> objects, String kind, String role) {
      return objects.stream()
          .filter(o -> o.path("kind").asText().equals(kind))
          .filter(o -> o.at("/metadata/labels/aviary.dev~1role").asText().equals(role))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no " + kind + " with role " + role));
    }

    @Test
    void the_pod_monitor_selects_the_model_server_pods_and_their_metrics_port() throws Exception {
      JsonNode pm = everything().one("PodMonitor", "aviary-model-servers");
      JsonNode server = find(operatorObjects(), "Deployment", "server");
      Map<String, String> podLabels = strings(server.at("/spec/template/metadata/labels"));
      assertThat(podLabels).containsAllEntriesOf(strings(pm.at("/spec/selector/matchLabels")));
      JsonNode endpoint = pm.at("/spec/podMetricsEndpoints/0");
      assertThat(endpoint.path("path").asText()).isEqualTo("/metrics");
      assertThat(
              containerPort(
                  server.at("/spec/template/spec/containers/0"), endpoint.path("port").asText()))
          .isEqualTo(9000);
      assertThat(endpoint.path("interval").asText()).isEqualTo("30s");
      // the relabelling reads the labels the operator really puts on the pods
      for (JsonNode r : endpoint.path("relabelings")) {
        String source = r.at("/sourceLabels/0").asText();
        if (source.startsWith("__meta_kubernetes_pod_label_")) {
          assertThat(podLabels.keySet().stream().map(HelmTemplateIT::promLabel))
              .contains(source.substring("__meta_kubernetes_pod_label_".length()));
        }
      }
      assertThat(pm.at("/spec/namespaceSelector/matchNames").toString())
          .isEqualTo("[\"models\",\"staging\"]");
      assertThat(pm.at("/metadata/labels/release").asText()).isEqualTo("prometheus");
    }

    @Test
    void the_service_monitor_selects_only_the_gateway_services_and_their_metrics_port()
        throws Exception {
      JsonNode sm = everything().one("ServiceMonitor", "aviary-gateways");
      List<JsonNode> objects = operatorObjects();
      Map<String, String> selector = strings(sm.at("/spec/selector/matchLabels"));
      List<String> selected =
          objects.stream()
              .filter(o -> o.path("kind").asText().equals("Service"))
              .filter(
                  o ->
                      strings(o.at("/metadata/labels")).entrySet().containsAll(selector.entrySet()))
              .map(o -> o.at("/metadata/name").asText())
              .toList();
      assertThat(selected).containsExactly("iris-gateway");
      JsonNode service = find(objects, "Service", "gateway");
      JsonNode endpoint = sm.at("/spec/endpoints/0");
      assertThat(endpoint.path("path").asText()).isEqualTo("/metrics");
      JsonNode port = null;
      for (JsonNode p : service.at("/spec/ports")) {
        if (p.path("name").asText().equals(endpoint.path("port").asText())) {
          port = p;
        }
      }
      assertThat(port).as("Service port %s", endpoint.path("port")).isNotNull();
      // the Service's metrics port leads to the container port the gateway serves /metrics on
      JsonNode gateway = find(objects, "Deployment", "gateway");
      JsonNode container = gateway.at("/spec/template/spec/containers/0");
      int target = containerPort(container, port.path("targetPort").asText());
      List<String> args = new ArrayList<>();
      container.path("args").forEach(a -> args.add(a.asText()));
      assertThat(args.get(args.indexOf("--metrics-port") + 1)).isEqualTo(Integer.toString(target));
      assertThat(sm.at("/spec/namespaceSelector/matchNames").toString())
          .isEqualTo("[\"models\",\"staging\"]");
    }

    @Test
    void the_former_monitoring_switch_is_refused_with_its_replacements() {
      assertThatThrownBy(() -> HelmChart.template("monitoring: {enabled: true}\n"))
          .hasMessageContaining("monitoring.podMonitor.enabled")
          .hasMessageContaining("monitoring.serviceMonitor.enabled");
    }

    @Test
    void without_watched_namespaces_the_monitors_look_in_every_namespace() {
      Manifests m =
          HelmChart.template(
              "monitoring: {podMonitor: {enabled: true}, serviceMonitor: {enabled: true}}\n");
      for (JsonNode monitor :
          List.of(
              m.one("PodMonitor", "aviary-model-servers"),
              m.one("ServiceMonitor", "aviary-gateways"))) {
        assertThat(monitor.at("/spec/namespaceSelector/any").asBoolean()).isTrue();
        assertThat(monitor.at("/metadata/namespace").asText()).isEqualTo(HelmChart.NAMESPACE);
      }
    }
  }

  @Test
  void helm_installs_the_generated_crds_with_their_status_subresource() throws Exception {
    List<JsonNode> crds = HelmChart.crds();
    assertThat(crds.stream().map(c -> c.at("/metadata/name").asText()))
        .containsExactlyInAnyOrder("modeldeployments.aviary.dev", "analysistemplates.aviary.dev");
    for (JsonNode crd : crds) {
      String name = crd.at("/metadata/name").asText();
      JsonNode generated =
          HelmChart.parse(Files.readString(CrdFiles.DIR.resolve(name + ".yaml"))).get(0);
      assertThat(crd).as(name).isEqualTo(generated);
    }
    JsonNode md =
        crds.stream()
            .filter(c -> c.at("/metadata/name").asText().startsWith("modeldeployments"))
            .findFirst()
            .orElseThrow();
    assertThat(md.at("/spec/versions/0/subresources/status").isObject()).isTrue();
    assertThat(md.at("/spec/versions/0/additionalPrinterColumns").size()).isGreaterThan(3);
  }

  @Test
  void every_file_in_templates_renders_something_with_every_feature_on() throws Exception {
    Set<String> sources = new TreeSet<>();
    try (Stream<Path> files = Files.list(HelmChartTest.CHART.resolve("templates"))) {
      files
          .map(f -> f.getFileName().toString())
          .filter(f -> f.endsWith(".yaml"))
          .forEach(sources::add);
    }
    String rendered =
        new Helm(HelmChartTest.CHART)
            .template()
            .withName(HelmChart.RELEASE)
            .withNamespace(HelmChart.NAMESPACE)
            .withValuesFile(valuesFile(EVERYTHING))
            .call();
    Set<String> seen = new TreeSet<>();
    rendered
        .lines()
        .filter(l -> l.startsWith("# Source: aviary/templates/"))
        .forEach(l -> seen.add(l.substring("# Source: aviary/templates/".length())));
    assertThat(seen).isEqualTo(sources);
  }

  private static Path valuesFile(String yaml) throws Exception {
    Path p = Files.createTempFile("aviary-values", ".yaml");
    p.toFile().deleteOnExit();
    Files.writeString(p, yaml);
    return p;
  }

  /** The number of the container port named {@code name} (or {@code name} itself if numeric). */
  static int containerPort(JsonNode container, String name) {
    if (name.chars().allMatch(Character::isDigit)) {
      return Integer.parseInt(name);
    }
    for (JsonNode p : container.path("ports")) {
      if (p.path("name").asText().equals(name)) {
        return p.path("containerPort").asInt();
      }
    }
    throw new AssertionError("container " + container.path("name") + " has no port " + name);
  }

  static Map<String, String> strings(JsonNode object) {
    Map<String, String> out = new LinkedHashMap<>();
    object.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }

  /** A Kubernetes label name as Prometheus service discovery spells it. */
  private static String promLabel(String label) {
    return label.replaceAll("[^a-zA-Z0-9_]", "_");
  }
}
