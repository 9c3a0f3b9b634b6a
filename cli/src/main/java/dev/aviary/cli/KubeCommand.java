package dev.aviary.cli;

import dev.aviary.operator.KubeCommands;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code aviary --kube [--namespace NS] promote|abort|retry|undo|pause|resume|get|describe}: the
 * rollout commands against a cluster. Commands are written as the {@code aviary.dev/command} and
 * {@code aviary.dev/command-id} annotations of the ModelDeployment, which the operator consumes.
 * ({@code aviary --kube X} is {@code aviary kube X}.)
 */
@Command(
    name = "kube",
    description = {
      "Rollout commands against the cluster of the current kubeconfig (also: aviary --kube ...).",
      "Commands are annotations the operator consumes: aviary.dev/command and"
          + " aviary.dev/command-id."
    },
    subcommands = {
      KubeCommand.Promote.class,
      KubeCommand.Abort.class,
      KubeCommand.Retry.class,
      KubeCommand.Undo.class,
      KubeCommand.Pause.class,
      KubeCommand.Resume.class,
      KubeCommand.Get.class,
      KubeCommand.Describe.class
    })
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

  int withClient(CommandLine cmd, Function<KubeCommands, String> action) {
    // The client warns about the v1alpha1 API on every call; the output here is for people.
    if (org.slf4j.LoggerFactory.getLogger("io.fabric8")
        instanceof ch.qos.logback.classic.Logger l) {
      l.setLevel(ch.qos.logback.classic.Level.ERROR);
    }
    try (KubernetesClient client = new KubernetesClientBuilder().build()) {
      String ns = namespace != null ? namespace : client.getNamespace();
      String out = action.apply(new KubeCommands(client, ns == null ? "default" : ns));
      cmd.getOut().print(out.endsWith("\n") ? out : out + "\n");
      cmd.getOut().flush();
      return 0;
    } catch (IllegalArgumentException e) {
      cmd.getErr().println("aviary: " + e.getMessage());
      return 1;
    } catch (KubernetesClientException e) {
      cmd.getErr()
          .println("aviary: the cluster refused or could not be reached: " + e.getMessage());
      return 2;
    }
  }

  abstract static class Action implements Callable<Integer> {
    @CommandLine.ParentCommand KubeCommand parent;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = {"-h", "--help"},
        usageHelp = true,
        description = "Show this help and exit.")
    boolean help;

    @Parameters(paramLabel = "NAME", description = "The ModelDeployment.")
    String name;

    abstract String command();

    @Override
    public Integer call() {
      return parent.withClient(
          spec.commandLine(),
          k -> {
            k.command(name, command());
            return "requested " + command() + " of " + name;
          });
    }
  }

  @Command(
      name = "promote",
      description = "Finish the current step or pause; --full skips the rest.")
  static final class Promote extends Action {
    @Option(names = "--full", description = "Skip every remaining step and analysis.")
    boolean full;

    @Override
    String command() {
      return full ? "promote-full" : "promote";
    }
  }

  @Command(
      name = "abort",
      description = "Send all traffic back to stable and scale the candidate down.")
  static final class Abort extends Action {
    @Override
    String command() {
      return "abort";
    }
  }

  @Command(name = "retry", description = "Restart an aborted rollout from its first step.")
  static final class Retry extends Action {
    @Override
    String command() {
      return "retry";
    }
  }

  @Command(name = "undo", description = "Go back to the previous revision (or --to-revision N).")
  static final class Undo extends Action {
    @Option(
        names = "--to-revision",
        paramLabel = "N",
        description = "Revision number to go back to.")
    Integer toRevision;

    @Override
    String command() {
      return toRevision == null ? "undo" : "undo:" + toRevision;
    }
  }

  @Command(name = "pause", description = "Hold the rollout where it is.")
  static final class Pause extends Action {
    @Override
    String command() {
      return "pause";
    }
  }

  @Command(name = "resume", description = "Continue after pause or an Inconclusive analysis.")
  static final class Resume extends Action {
    @Override
    String command() {
      return "resume";
    }
  }

  @Command(name = "get", description = "List ModelDeployments with phase, step and weights.")
  static final class Get implements Callable<Integer> {
    @CommandLine.ParentCommand KubeCommand parent;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = {"-h", "--help"},
        usageHelp = true,
        description = "Show this help and exit.")
    boolean help;

    @Override
    public Integer call() {
      return parent.withClient(spec.commandLine(), KubeCommands::get);
    }
  }

  @Command(
      name = "describe",
      description = "Status, analysis runs and events of one ModelDeployment.")
  static final class Describe implements Callable<Integer> {
    @CommandLine.ParentCommand KubeCommand parent;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = {"-h", "--help"},
        usageHelp = true,
        description = "Show this help and exit.")
    boolean help;

    @Parameters(paramLabel = "NAME", description = "The ModelDeployment.")
    String name;

    @Override
    public Integer call() {
      return parent.withClient(spec.commandLine(), k -> k.describe(name));
    }
  }
}
