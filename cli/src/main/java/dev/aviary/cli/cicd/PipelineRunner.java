package dev.aviary.cli.cicd;

import dev.aviary.cli.cicd.Pipeline.Stage;
import dev.aviary.cli.cicd.StageRun.Verdict;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Runs a pipeline's stages in order on this machine, each command with {@code bash -c} in the
 * working directory, with the pipeline's variables (the environment wins, as CI settings do), and
 * stops at the first command that fails. A stage behind an approval runs only when approved.
 */
public final class PipelineRunner {
  private final Pipeline pipeline;
  private final Path dir;
  private final Map<String, String> environment;
  private final PrintWriter out;
  private final LongSupplier nanoTime;

  public PipelineRunner(
      Pipeline pipeline,
      Path dir,
      Map<String, String> environment,
      PrintWriter out,
      LongSupplier nanoTime) {
    this.pipeline = pipeline;
    this.dir = dir;
    this.environment = environment;
    this.out = out;
    this.nanoTime = nanoTime;
  }

  /** Runs {@code stages} (a contiguous slice of the pipeline's) and returns one entry each. */
  public List<StageRun> run(List<Stage> stages, boolean dryRun, boolean approved)
      throws IOException, InterruptedException {
    List<StageRun> runs = new ArrayList<>();
    boolean stopped = false;
    int n = 0;
    for (Stage s : stages) {
      n++;
      if (stopped) {
        runs.add(new StageRun(s.name(), Verdict.SKIPPED, Duration.ZERO, 0));
        continue;
      }
      out.printf("[%d/%d] %s: %s%n", n, stages.size(), s.name(), s.title());
      if (dryRun) {
        if (s.approval() != null) {
          out.printf("      (needs approval: %s)%n", s.approval());
        }
        s.commands().forEach(c -> out.println("      $ " + c));
        runs.add(new StageRun(s.name(), Verdict.DRY_RUN, Duration.ZERO, 0));
        continue;
      }
      if (s.approval() != null && !approved) {
        out.printf(
            "      %s needs approval (%s): rerun with --from %s --approve%n",
            s.name(), s.approval(), s.name());
        runs.add(new StageRun(s.name(), Verdict.NEEDS_APPROVAL, Duration.ZERO, 0));
        stopped = true;
        continue;
      }
      long start = nanoTime.getAsLong();
      int code = 0;
      for (String c : s.commands()) {
        out.println("      $ " + c);
        out.flush();
        code = exec(c);
        if (code != 0) {
          break;
        }
      }
      Duration took = Duration.ofNanos(nanoTime.getAsLong() - start);
      Verdict v = code == 0 ? Verdict.PASSED : Verdict.FAILED;
      out.printf(
          "      %s %s in %s%n",
          s.name(), code == 0 ? "passed" : "FAILED (exit " + code + ")", format(took));
      runs.add(new StageRun(s.name(), v, took, code));
      stopped = code != 0;
    }
    out.flush();
    return runs;
  }

  private int exec(String command) throws IOException, InterruptedException {
    ProcessBuilder b =
        new ProcessBuilder("bash", "-c", command).directory(dir.toFile()).inheritIO();
    Map<String, String> env = b.environment();
    for (Pipeline.Variable v : pipeline.variables()) {
      env.putIfAbsent(v.name(), v.value());
    }
    environment.forEach(env::put);
    Process p = b.start();
    try {
      return p.waitFor();
    } finally {
      if (p.isAlive()) {
        p.descendants().forEach(ProcessHandle::destroy);
        p.destroy();
      }
    }
  }

  /** The summary table: stage, duration, verdict. */
  public static String summary(List<StageRun> runs) {
    StringBuilder t =
        new StringBuilder(String.format("%-10s %-10s %s%n", "STAGE", "DURATION", "VERDICT"));
    for (StageRun r : runs) {
      String verdict =
          switch (r.verdict()) {
            case PASSED -> "passed";
            case FAILED -> "FAILED (exit " + r.exitCode() + ")";
            case SKIPPED -> "not run";
            case DRY_RUN -> "dry run";
            case NEEDS_APPROVAL -> "needs approval";
          };
      String took =
          r.verdict() == Verdict.PASSED || r.verdict() == Verdict.FAILED
              ? format(r.duration())
              : "-";
      t.append(String.format("%-10s %-10s %s%n", r.stage(), took, verdict));
    }
    return t.toString();
  }

  static String format(Duration d) {
    long ms = d.toMillis();
    return ms < 60_000
        ? String.format(Locale.ROOT, "%.1fs", ms / 1000.0)
        : (ms / 60_000) + "m" + (ms / 1000 % 60) + "s";
  }
}
