package dev.aviary.cli;

import dev.aviary.cli.cicd.ModelPipeline;
import dev.aviary.cli.cicd.Pipeline;
import dev.aviary.cli.cicd.PipelineRunner;
import dev.aviary.cli.cicd.StageRun;
import dev.aviary.cli.cicd.Target;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code aviary pipeline run}: the CI/CD stages in order, on this machine. */
@Command(
    name = "pipeline",
    description = "Run the model's CI/CD pipeline on this machine.",
    subcommands = PipelineCommand.Run.class)
final class PipelineCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  boolean help;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "run",
      description = {
        "Run the stages `aviary ci init` writes for a CI system (build, test, evaluate,",
        "register, package, deploy, verify, monitor) in order, in this directory, with a line",
        "per stage and a summary table; stops at the first failing stage. Variables (CANDIDATE,",
        "HOLDOUT, SPEC, ...) are taken from the environment when set.",
        "Exit status: the failing stage's exit status; 0 when every stage passed; 2 bad option;",
        "5 when the deploy stage waits for --approve."
      },
      sortOptions = false)
  static final class Run implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = {"-h", "--help"},
        usageHelp = true,
        description = "Show this help and exit.")
    boolean help;

    @Option(
        names = "--from",
        paramLabel = "STAGE",
        description = "First stage to run (default: the first).")
    String from;

    @Option(
        names = "--to",
        paramLabel = "STAGE",
        description = "Last stage to run (default: the last).")
    String to;

    @Option(names = "--dry-run", description = "Print each stage's commands; run nothing.")
    boolean dryRun;

    @Option(
        names = "--approve",
        description = "Approve the deploy stage (CI systems ask a person; here you say so).")
    boolean approve;

    @Option(
        names = "--model",
        defaultValue = "fraud",
        paramLabel = "NAME",
        description = "The model (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(
        names = "--target",
        defaultValue = "local",
        paramLabel = "TARGET",
        description = "local, kubernetes or helm (default: ${DEFAULT-VALUE}).")
    String target;

    @Override
    public Integer call() throws Exception {
      var err = spec.commandLine().getErr();
      var out = spec.commandLine().getOut();
      var chosen = Target.of(target);
      if (chosen.isEmpty()) {
        err.println(
            "aviary pipeline run: --target: unknown target '"
                + target
                + "', expected one of "
                + Target.ids());
        return 2;
      }
      Pipeline p = ModelPipeline.of(model, chosen.get());
      List<String> names = p.stageNames();
      int first = from == null ? 0 : names.indexOf(from);
      int last = to == null ? names.size() - 1 : names.indexOf(to);
      if (first < 0 || last < 0) {
        err.println(
            "aviary pipeline run: --"
                + (first < 0 ? "from" : "to")
                + ": unknown stage '"
                + (first < 0 ? from : to)
                + "', expected one of "
                + String.join(", ", names));
        return 2;
      }
      if (first > last) {
        err.println(
            "aviary pipeline run: --from "
                + from
                + " comes after --to "
                + to
                + "; the stages run in the order "
                + String.join(", ", names));
        return 2;
      }
      Path dir = Path.of("").toAbsolutePath();
      Map<String, String> env = new HashMap<>(System.getenv());
      if (!dryRun) {
        env.putIfAbsent("SHA", git(dir, "rev-parse", "HEAD"));
        env.putIfAbsent("SHORT_SHA", git(dir, "rev-parse", "--short=7", "HEAD"));
      }
      var runner = new PipelineRunner(p, dir, env, out, System::nanoTime);
      List<StageRun> runs = runner.run(p.stages().subList(first, last + 1), dryRun, approve);
      out.println();
      out.print(PipelineRunner.summary(runs));
      out.flush();
      for (StageRun r : runs) {
        if (r.verdict() == StageRun.Verdict.FAILED) {
          return r.exitCode();
        }
        if (r.verdict() == StageRun.Verdict.NEEDS_APPROVAL) {
          return 5;
        }
      }
      return 0;
    }

    /** The commit, as CI systems give it; "unknown" outside a git work tree. */
    private static String git(Path dir, String... args) throws IOException, InterruptedException {
      String[] cmd = new String[args.length + 1];
      cmd[0] = "git";
      System.arraycopy(args, 0, cmd, 1, args.length);
      Process p;
      try {
        p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
      } catch (IOException e) {
        return "unknown";
      }
      String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
        return "unknown";
      }
      return text;
    }
  }
}
