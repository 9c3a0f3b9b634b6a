package dev.aviary.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aviary.operator.HelmChart.Manifests;
import dev.aviary.operator.crd.ModelDeploymentResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/kubernetes.md followed as written, from {@code helm install} to a promoted canary: the chart
 * rendered by Helm with the guide's own command line, the operator configured by the arguments the
 * chart gives it, the guide's {@code fraud.yaml} applied, version 2 rolled out, promoted with the
 * guide's annotation, and every name the guide mentions checked on the way.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class KubernetesGuideIT {
  private static final Path GUIDE = Path.of("..", "docs", "kubernetes.md");

  KubernetesClient client;

  private static String guide() throws Exception {
    return Files.readString(GUIDE);
  }

  /** The first fenced block of {@code lang} whose text contains {@code marker}. */
  private static String block(String lang, String marker) throws Exception {
    String open = null;
    StringBuilder text = new StringBuilder();
    for (String line : guide().split("\n", -1)) {
      if (open == null && line.trim().startsWith("```")) {
        open = line.trim().substring(3).trim();
        text.setLength(0);
      } else if (open != null && line.trim().equals("```")) {
        if (open.equals(lang) && text.toString().contains(marker)) {
          return text.toString();
        }
        open = null;
      } else if (open != null) {
        text.append(line).append('\n');
      }
    }
    throw new AssertionError("no ```" + lang + " block with " + marker + " in " + GUIDE);
  }

  private static String group(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertThat(m.find()).as("%s in %s", regex, text).isTrue();
    return m.group(1);
  }

  private static String arg(Manifests chart, String option) {
    return chart.operatorArgs().stream()
        .filter(a -> a.startsWith(option + "="))
        .map(a -> a.substring(option.length() + 1))
        .findFirst()
        .orElseThrow(() -> new AssertionError("operator has no " + option));
  }

  @Test
  void a_user_follows_the_guide_from_helm_install_to_a_promoted_canary() throws Exception {
    // Install
    String install = block("sh", "helm install");
    String release = group(install, "helm install (\\S+) ");
    assertThat(HelmChartTest.CHART.normalize().toString())
        .endsWith(group(install, "helm install \\S+ (\\S+)"));
    String namespace = group(install, "--namespace (\\S+)");
    Map<String, String> sets = new LinkedHashMap<>();
    Matcher set = Pattern.compile("--set ([^=\\s]+)=(\\S+)").matcher(install);
    while (set.find()) {
      sets.put(set.group(1), set.group(2));
    }
    Manifests chart = HelmChart.template(release, namespace, sets);
    String logs = group(block("sh", "logs deploy/"), "-n (\\S+) logs deploy/(?:\\S+)");
    assertThat(logs).isEqualTo(namespace);
    String deployment = group(block("sh", "logs deploy/"), "logs deploy/(\\S+)");
    assertThat(chart.operator().at("/metadata/name").asText()).isEqualTo(deployment);
    assertThat(chart.operator().at("/metadata/namespace").asText()).isEqualTo(namespace);
    String image = sets.get("image.repository") + ":" + sets.get("image.tag");
    assertThat(chart.operatorContainer().path("image").asText()).isEqualTo(image);

    OperatorSettings settings =
        new OperatorSettings(
            arg(chart, "--server-image"),
            arg(chart, "--fetch-image"),
            null,
            arg(chart, "--traffic"),
            arg(chart, "--gateway-parent"),
            Duration.ofSeconds(2));
    TestCluster c = new TestCluster(client).withSettings(settings);

    // A first canary
    String first = block("sh", "kubectl create namespace");
    assertThat(group(first, "kubectl create namespace (\\S+)")).isEqualTo(TestCluster.NS);
    assertThat(group(first, "kubectl -n (\\S+) apply -f fraud.yaml")).isEqualTo(TestCluster.NS);
    String fraudV1 = block("yaml", "# fraud.yaml");
    String name = group(fraudV1, "metadata:\\s+name: (\\S+)");
    c.apply(fraudV1);
    c.settle(name);
    ModelDeploymentResource md = c.get(name);
    String r1 = md.getStatus().stableRevision;
    assertThat(md.getStatus().phase).isEqualTo("Healthy");
    // the sample `kubectl get mdep` output: its columns and revision
    String sample = block("", "NAME    PHASE");
    assertThat(sample.lines().findFirst().orElseThrow().trim().split("\\s+"))
        .containsExactly(printerColumns());
    assertThat(sample).contains(name + "   Healthy", r1);
    // the objects the guide names
    Deployment server = c.revisionDeployments(name).get(0);
    assertThat(server.getMetadata().getName()).isEqualTo(name + "-" + r1);
    assertThat(server.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo(image);
    assertThat(c.client.services().inNamespace(TestCluster.NS).withName(name).get()).isNotNull();
    assertThat(c.client.services().inNamespace(TestCluster.NS).withName(name + "-canary").get())
        .isNotNull();
    assertThat(c.client.configMaps().inNamespace(TestCluster.NS).withName(name + "-routes").get())
        .isNotNull();
    String gatewayService = group(block("sh", "port-forward"), "port-forward svc/(\\S+) ");
    assertThat(gatewayService).isEqualTo(name + "-gateway");
    var gateway = c.client.services().inNamespace(TestCluster.NS).withName(gatewayService).get();
    assertThat(gateway.getSpec().getPorts())
        .anySatisfy(
            p ->
                assertThat(p.getPort())
                    .isEqualTo(
                        Integer.parseInt(
                            group(
                                block("sh", "port-forward"),
                                "port-forward svc/\\S+ \\d+:(\\d+)"))));

    // version 2, as the guide says: version "2" and the v2 model
    String fraudV2 =
        fraudV1
            .replace("version: \"1\"", "version: \"2\"")
            .replace("file:/models/v1/model.onnx", "file:/models/v2/model.onnx");
    assertThat(fraudV2).isNotEqualTo(fraudV1);
    c.apply(fraudV2);
    c.settle(name);
    md = c.get(name);
    String r2 = md.getStatus().canaryRevision;
    assertThat(r2).isNotEqualTo(r1);
    assertThat(md.getStatus().phase).isEqualTo("Paused");
    assertThat(md.getStatus().currentStep).isEqualTo(1);
    assertThat(md.getStatus().canaryWeight).isEqualTo(25);
    assertThat(c.replicasByRevision(name)).containsKeys(r1, r2);

    // promote with the guide's kubectl annotation
    String annotate = block("sh", "kubectl -n models annotate");
    assertThat(annotate)
        .contains(
            ModelDeploymentResource.COMMAND_ANNOTATION + "=promote",
            ModelDeploymentResource.COMMAND_ID_ANNOTATION + "=");
    c.command(name, "promote");
    c.settle(name);
    assertThat(c.get(name).getStatus().canaryWeight).isEqualTo(50);

    // two minutes later the canary takes everything and the old revision goes
    c.clock.advance(Duration.ofMinutes(2).plusSeconds(1));
    c.settle(name);
    md = c.get(name);
    assertThat(md.getStatus().phase).isEqualTo("Healthy");
    assertThat(md.getStatus().stableRevision).isEqualTo(r2);
    assertThat(md.getStatus().weights).isEqualTo(Map.of(r2, 100));
    // the old revision stays up for scaleDownDelaySeconds (30 s), so an undo is instant
    assertThat(c.replicasByRevision(name)).containsEntry(r2, 4).hasSize(2);
    c.clock.advance(Duration.ofSeconds(31));
    c.settle(name);
    assertThat(c.replicasByRevision(name)).isEqualTo(Map.of(r2, 4));
  }

  /** NAME and the CRD's printer columns, as kubectl prints them. */
  private static String[] printerColumns() throws Exception {
    JsonNode crd =
        HelmChart.parse(Files.readString(CrdFiles.DIR.resolve("modeldeployments.aviary.dev.yaml")))
            .get(0);
    List<String> out = new ArrayList<>(List.of("NAME"));
    crd.at("/spec/versions/0/additionalPrinterColumns")
        .forEach(col -> out.add(col.path("name").asText().toUpperCase(java.util.Locale.ROOT)));
    return out.toArray(String[]::new);
  }
}
