package dev.aviary.cli;

import dev.aviary.operator.AviaryOperator;
import dev.aviary.operator.OperatorSettings;
import dev.aviary.operator.traffic.TrafficProviders;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code aviary operator}: runs the Kubernetes operator against the current kubeconfig. */
@Command(
    name = "operator",
    description = {
      "Run the Kubernetes operator: reconcile ModelDeployment resources with the rollout engine.",
      "Uses the in-cluster service account, or the current kubeconfig context. See"
          + " docs/kubernetes.md."
    },
    sortOptions = false)
final class OperatorCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  boolean help;

  @Option(
      names = {"-n", "--namespace"},
      paramLabel = "NS",
      description = "Watch this namespace (repeatable; default: all namespaces).")
  List<String> namespaces = new ArrayList<>();

  @Option(
      names = "--lease-namespace",
      paramLabel = "NS",
      description =
          "Namespace of the leader-election lease; with it, several operator replicas are safe"
              + " (only the leader reconciles). Default: no leader election.")
  String leaseNamespace;

  @Option(
      names = "--server-image",
      defaultValue = OperatorSettings.DEFAULT_IMAGE,
      paramLabel = "IMAGE",
      description = "Image that runs `aviary serve` (and the gateway) (default: ${DEFAULT-VALUE}).")
  String serverImage;

  @Option(
      names = "--fetch-image",
      defaultValue = "busybox:1.37",
      paramLabel = "IMAGE",
      description =
          "Init-container image (with wget) for http(s) model URIs (default: ${DEFAULT-VALUE}).")
  String fetchImage;

  @Option(
      names = "--prometheus-url",
      paramLabel = "URL",
      description =
          "Prometheus for metrics that name no address, e.g. http://prometheus.monitoring:9090.")
  String prometheusUrl;

  @Option(
      names = "--traffic",
      defaultValue = "aviary",
      paramLabel = "PROVIDER",
      description =
          "Traffic provider when a spec names none: aviary, gateway-api, istio, replicas"
              + " (default: ${DEFAULT-VALUE}).")
  String traffic;

  @Option(
      names = "--gateway-parent",
      defaultValue = "aviary-gateway",
      paramLabel = "[NS/]NAME",
      description = "Gateway API Gateway that HTTPRoutes attach to (default: ${DEFAULT-VALUE}).")
  String gatewayParent;

  @Option(
      names = "--health-port",
      defaultValue = "8081",
      paramLabel = "PORT",
      description =
          "Port of /healthz for the kubelet's probes; 0 turns it off (default: ${DEFAULT-VALUE}).")
  int healthPort;

  @Override
  public Integer call() throws Exception {
    if (TrafficProviders.normalise(traffic) == null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--traffic: unknown provider '"
              + traffic
              + "', expected one of "
              + TrafficProviders.NAMES);
    }
    OperatorSettings settings =
        OperatorSettings.defaults()
            .withServerImage(serverImage)
            .withPrometheusUrl(prometheusUrl)
            .withDefaultTraffic(TrafficProviders.normalise(traffic))
            .withGatewayParent(gatewayParent);
    settings =
        new OperatorSettings(
            settings.serverImage(),
            fetchImage,
            settings.prometheusUrl(),
            settings.defaultTraffic(),
            settings.gatewayParent(),
            settings.measurementTimeout());
    KubernetesClient client = new KubernetesClientBuilder().build();
    CountDownLatch stop = new CountDownLatch(1);
    try (AviaryOperator operator =
        new AviaryOperator(
            client,
            settings,
            Clock.systemUTC(),
            new LinkedHashSet<>(namespaces),
            leaseNamespace == null ? null : AviaryOperator.LeaderElection.of(leaseNamespace))) {
      Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "aviary-operator-stop"));
      try {
        operator.start();
      } catch (RuntimeException e) {
        Throwable root = e;
        while (root.getCause() != null) {
          root = root.getCause();
        }
        spec.commandLine()
            .getErr()
            .println(
                "aviary operator: cannot start against the Kubernetes API at "
                    + client.getMasterUrl()
                    + ": "
                    + root
                    + " (is the kubeconfig context right, and are the CRDs in deploy/crds"
                    + " applied?)");
        return 2;
      }
      if (healthPort > 0) {
        var health =
            com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress(healthPort), 0);
        health.createContext(
            "/healthz",
            ex -> {
              boolean ok = operator.healthy();
              byte[] body =
                  (ok ? "{\"status\":\"ok\"}" : "{\"error\":\"watches not healthy\"}")
                      .getBytes(java.nio.charset.StandardCharsets.UTF_8);
              ex.getResponseHeaders().add("Content-Type", "application/json");
              ex.sendResponseHeaders(ok ? 200 : 503, body.length);
              ex.getResponseBody().write(body);
              ex.close();
            });
        health.start();
      }
      spec.commandLine()
          .getOut()
          .println(
              "aviary operator: watching "
                  + (namespaces.isEmpty() ? "all namespaces" : String.join(", ", namespaces))
                  + " on "
                  + client.getMasterUrl());
      spec.commandLine().getOut().flush();
      stop.await();
    } finally {
      client.close();
    }
    return 0;
  }
}
