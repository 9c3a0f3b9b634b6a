package dev.aviary.cli;

import dev.aviary.operator.KubeCommands;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code aviary --kube [--namespace NS] promote|abort|retry|undo|pause|resume|delete|get|describe}:
 * the rollout commands against a cluster (the verbs are {@link RolloutCommand}s). Commands are
 * written as the {@code aviary.dev/command} and {@code aviary.dev/command-id} annotations of the
 * ModelDeployment, which the operator consumes. ({@code aviary --kube X} is {@code aviary kube X}.)
 */
@Command(
    name = "kube",
    description = {
      "Rollout commands against the cluster of the current kubeconfig (also: aviary --kube ...).",
      "Commands are annotations the operator consumes: aviary.dev/command and"
          + " aviary.dev/command-id."
    },
    subcommands = {KubeCommand.Get.class, KubeCommand.Describe.class},
    modelTransformer = RolloutCommand.OnCluster.class)
final class KubeCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  boolean help;

  @Option(
      names = {"-n", "--namespace"},
      paramLabel = "NS",
      scope = CommandLine.ScopeType.INHERIT,
      description = "Namespace (default: the kubeconfig context's, else default).")
  String namespace;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code aviary --kube promote NAME} is {@code aviary kube promote NAME}. */
  static String[] rewrite(String[] args) {
    if (args.length > 0 && args[0].equals("--kube")) {
      String[] out = args.clone();
      out[0] = "kube";
      return out;
    }
    return args;
  }

  int withClient(PrintWriter out, PrintWriter err, Function<KubeCommands, String> action) {
    // The client warns about the v1alpha1 API on every call; the output here is for people.
    if (org.slf4j.LoggerFactory.getLogger("io.fabric8")
        instanceof ch.qos.logback.classic.Logger l) {
      l.setLevel(ch.qos.logback.classic.Level.ERROR);
    }
    try (KubernetesClient client = new KubernetesClientBuilder().build()) {
      String ns = namespace != null ? namespace : client.getNamespace();
      String answer = action.apply(new KubeCommands(client, ns == null ? "default" : ns));
      out.print(answer.endsWith("\n") ? answer : answer + "\n");
      out.flush();
      return 0;
    } catch (IllegalArgumentException e) {
      err.println("aviary: " + e.getMessage());
      err.flush();
      return 1;
    } catch (KubernetesClientException e) {
      err.println("aviary: the cluster refused or could not be reached: " + e.getMessage());
      err.flush();
      return 2;
    }
  }

  @Command(
      name = "get",
      mixinStandardHelpOptions = true,
      description = "List ModelDeployments with phase, step and weights.")
  static final class Get implements Callable<Integer> {
    @CommandLine.ParentCommand KubeCommand parent;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      return parent.withClient(
          spec.commandLine().getOut(), spec.commandLine().getErr(), KubeCommands::get);
    }
  }

  @Command(
      name = "describe",
      mixinStandardHelpOptions = true,
      description = "Status, analysis runs and events of one ModelDeployment.")
  static final class Describe implements Callable<Integer> {
    @CommandLine.ParentCommand KubeCommand parent;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "The ModelDeployment.")
    String name;

    @Override
    public Integer call() {
      return parent.withClient(
          spec.commandLine().getOut(), spec.commandLine().getErr(), k -> k.describe(name));
    }
  }
}
