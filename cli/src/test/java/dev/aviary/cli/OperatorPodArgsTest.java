package dev.aviary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aviary.operator.OperatorSettings;
import dev.aviary.operator.Render;
import dev.aviary.spec.SpecDocuments;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The containers the operator creates run the aviary command with arguments the command really
 * parses, listening on every interface (a pod is reached on its IP, not on loopback) and on the
 * ports the containers declare.
 */
class OperatorPodArgsTest {
  private static List<HasMetadata> manifests() throws Exception {
    return Render.manifests(
        SpecDocuments.parse(Files.readString(Path.of("../examples/rollouts/canary.yaml"))),
        "aviary",
        "models",
        OperatorSettings.defaults());
  }

  private static Container container(List<HasMetadata> objects, String role) {
    return objects.stream()
        .filter(o -> o instanceof Deployment)
        .map(o -> (Deployment) o)
        .filter(d -> role.equals(d.getMetadata().getLabels().get("aviary.dev/role")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + role + " Deployment"))
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0);
  }

  private static Object parsed(Container c) {
    CommandLine.ParseResult result =
        new CommandLine(new AviaryCli()).parseArgs(c.getArgs().toArray(String[]::new));
    return result.subcommand().commandSpec().userObject();
  }

  private static int port(Container c, String name) {
    return c.getPorts().stream()
        .filter(p -> name.equals(p.getName()))
        .map(ContainerPort::getContainerPort)
        .findFirst()
        .orElseThrow(() -> new AssertionError(c.getName() + " declares no port " + name));
  }

  @Test
  void the_in_cluster_gateway_listens_on_every_interface_on_its_declared_ports() throws Exception {
    Container c = container(manifests(), "gateway");
    GatewayCommand gateway = (GatewayCommand) parsed(c);
    assertThat(gateway.host).isEqualTo("0.0.0.0");
    assertThat(gateway.port).isEqualTo(port(c, "http"));
    assertThat(gateway.metricsPort).isEqualTo(port(c, "metrics"));
    // the routes come from the ConfigMap: no admin API that could replace them
    assertThat(gateway.adminPort).isEqualTo(-1);
    // the kubelet probes /healthz on the read-only metrics port, which needs no token
    assertThat(c.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("metrics");
    assertThat(c.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("metrics");
    assertThat(gateway.config.toString())
        .startsWith(
            c.getVolumeMounts().stream()
                .filter(m -> m.getName().equals("routes"))
                .findFirst()
                .orElseThrow()
                .getMountPath());
  }

  @Test
  void the_model_server_listens_on_every_interface_on_its_declared_port() throws Exception {
    Container c = container(manifests(), "server");
    ServeCommand serve = (ServeCommand) parsed(c);
    assertThat(serve.host).isEqualTo("0.0.0.0");
    assertThat(serve.port).isEqualTo(port(c, "http"));
  }
}
