package dev.aviary.cli;

import dev.aviary.operator.KubeCommands;
import dev.aviary.operator.KubeView;
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
    subcommands = {
      KubeCommand.Get.class,
      KubeCommand.Describe.class,
      KubeCommand.Status.class,
      KubeCommand.Apply.class
    },
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
    return withCluster(
        err,
        (client, ns) -> {
          String answer = action.apply(new KubeCommands(client, ns));
          out.print(answer.endsWith("\n") ? answer : answer + "\n");
          out.flush();
          return 0;
        });
  }

  /** Runs {@code action} with a reader of the cluster's ModelDeployments in the namespace. */
  int withReader(PrintWriter err, String command, ReaderAction action) {
    return withCluster(
        err,
        (client, ns) -> {
          try {
            return action.run(reader(new KubeView(client, ns)), new KubeView(client, ns));
          } catch (ControlClient.ApiError e) {
            return ControlClient.report(err, command, e);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
          }
        });
  }

  /** What a command does with the cluster, given as a reader and as the view it reads. */
  interface ReaderAction {
    int run(DeploymentReader reader, KubeView view)
        throws ControlClient.ApiError, InterruptedException;
  }

  private int withCluster(
      PrintWriter err, java.util.function.BiFunction<KubernetesClient, String, Integer> action) {
    // The client warns about the v1alpha1 API on every call; the output here is for people.
    if (org.slf4j.LoggerFactory.getLogger("io.fabric8")
        instanceof ch.qos.logback.classic.Logger l) {
      l.setLevel(ch.qos.logback.classic.Level.ERROR);
    }
    try (KubernetesClient client = new KubernetesClientBuilder().build()) {
      String ns = namespace != null ? namespace : client.getNamespace();
      return action.apply(client, ns == null ? "default" : ns);
    } catch (IllegalArgumentException e) {
      err.println("aviary: " + e.getMessage());
      err.flush();
      return 1;
    } catch (KubernetesClientException e) {
      // 3, as the client commands exit when the embedded platform is not running: a pipeline tells
      // "cannot reach it" from "it said no" (1) and from "status --wait timed out" (2).
      err.println("aviary: the cluster refused or could not be reached: " + e.getMessage());
      err.flush();
      return 3;
    }
  }

  private static DeploymentReader reader(KubeView view) {
    return new DeploymentReader() {
      @Override
      public com.fasterxml.jackson.databind.JsonNode list() {
        return view.deployments();
      }

      @Override
      public com.fasterxml.jackson.databind.JsonNode deployment(String name) {
        return view.deployment(name);
      }

      @Override
      public com.fasterxml.jackson.databind.JsonNode events(String name) {
        return view.events(name);
      }
    };
  }

  @Command(
      name = "get",
      mixinStandardHelpOptions = true,
      description = "List ModelDeployments (or one) with phase, revisions and weights.")
  static final class Get implements Callable<Integer> {
    @CommandLine.ParentCommand KubeCommand parent;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "NAME", description = "One; all when absent.")
    String name;

    @CommandLine.Mixin Output output;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      return parent.withReader(
          spec.commandLine().getErr(),
          "get",
          (reader, view) -> GetCommand.print(reader, name, output, out));
    }
  }

  @Command(
      name = "describe",
      mixinStandardHelpOptions = true,
      description =
          "Show a ModelDeployment in detail: status, steps, weights, replicas, every analysis"
              + " measurement, recent events.")
  static final class Describe implements Callable<Integer> {
    @CommandLine.ParentCommand KubeCommand parent;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "The ModelDeployment.")
    String name;

    @CommandLine.Mixin Output output;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      return parent.withReader(
          spec.commandLine().getErr(),
          "describe",
          (reader, view) -> DescribeCommand.print(reader, name, output, out));
    }
  }

  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description = {
        "Show where a rollout stands, as `aviary status` does against aviary up.",
        "--wait: exit 0 when Healthy, 1 when Degraded, 2 on timeout, 4 when it is paused and"
            + " waits for promote or resume (unless --through-pauses)."
      })
  static final class Status implements Callable<Integer> {
    @CommandLine.ParentCommand KubeCommand parent;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "The ModelDeployment.")
    String name;

    @Option(names = "--watch", description = "Live progress view, redrawn every second.")
    boolean watch;

    @Option(names = "--wait", description = "Wait for the rollout to end.")
    boolean waitForEnd;

    @Option(
        names = "--through-pauses",
        description = "With --wait: keep waiting while the rollout is paused.")
    boolean throughPauses;

    @Option(
        names = "--timeout",
        defaultValue = "10m",
        converter = ServeCommand.DurationConverter.class,
        description = "How long --wait waits (default: ${DEFAULT-VALUE}).")
    java.time.Duration timeout;

    @Override
    public Integer call() {
      StatusCommand status = new StatusCommand();
      status.name = name;
      status.watch = watch;
      status.waitForEnd = waitForEnd;
      status.throughPauses = throughPauses;
      status.timeout = timeout;
      status.commandPrefix = "aviary --kube -n " + parent.namespaceOrDefault() + " ";
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      return parent.withReader(err, "status", (reader, view) -> status.follow(reader, out, err));
    }
  }

  @Command(
      name = "apply",
      mixinStandardHelpOptions = true,
      description = {
        "Create or update ModelDeployments and AnalysisTemplates in the cluster, after checking"
            + " all of them as the operator will (nothing is written when one is invalid).",
        "--wait then waits for the rollout as `status --wait` does, with its exit statuses."
      })
  static final class Apply implements Callable<Integer> {
    @CommandLine.ParentCommand KubeCommand parent;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = {"-f", "--file"},
        required = true,
        paramLabel = "FILE",
        description = "Spec file; - reads standard input.")
    String file;

    @Option(names = "--wait", description = "Wait for the rollout of each applied deployment.")
    boolean waitForEnd;

    @Option(
        names = "--timeout",
        defaultValue = "10m",
        converter = ServeCommand.DurationConverter.class,
        description = "How long --wait waits (default: ${DEFAULT-VALUE}).")
    java.time.Duration timeout;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      String text;
      try {
        text =
            file.equals("-")
                ? new String(System.in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                : java.nio.file.Files.readString(java.nio.file.Path.of(file));
      } catch (java.nio.file.NoSuchFileException e) {
        err.println("aviary apply: -f " + file + ": no such file");
        return 2;
      } catch (java.io.IOException e) {
        err.println("aviary apply: -f " + file + ": cannot read it: " + e.getMessage());
        return 2;
      }
      return parent.withReader(
          err,
          "apply",
          (reader, view) -> {
            java.util.List<String> applied = view.apply(text);
            applied.forEach(out::println);
            out.flush();
            if (!waitForEnd) {
              return 0;
            }
            return StatusCommand.worst(
                StatusCommand.waitForApplied(
                    applied,
                    reader,
                    timeout,
                    "aviary --kube -n " + parent.namespaceOrDefault() + " ",
                    out,
                    err));
          });
    }
  }

  private String namespaceOrDefault() {
    return namespace != null ? namespace : "default";
  }
}
