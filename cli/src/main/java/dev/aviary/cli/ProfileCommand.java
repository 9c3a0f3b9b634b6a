package dev.aviary.cli;

import dev.aviary.monitor.Baseline;
import dev.aviary.monitor.FeatureBaseline;
import dev.aviary.server.BaselineFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code aviary profile create}: the training baseline live monitoring compares traffic with. */
@Command(
    name = "profile",
    description = "Training baselines for live monitoring (see docs/monitoring.md).",
    subcommands = ProfileCommand.Create.class)
final class ProfileCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getErr());
  }

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = {
        "Profile a training CSV into a baseline file for aviary serve --baseline.",
        "Features are the columns in file order (the order of the model's input columns),"
            + " without the label.",
        "Exit status: 0 written, 2 error."
      })
  static final class Create implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--data",
        required = true,
        paramLabel = "TRAIN.csv",
        description = "The training data, CSV with a header row.")
    Path data;

    @Option(
        names = "--label",
        paramLabel = "COL",
        description = "The label column: left out of the features, its class counts recorded.")
    String label;

    @Option(
        names = "--columns",
        split = ",",
        paramLabel = "COL",
        description =
            "The features, in the order of the model's input columns (default: every column"
                + " but the label, in file order).")
    List<String> columns = new ArrayList<>();

    @Option(
        names = "--categorical",
        split = ",",
        paramLabel = "COL",
        description =
            "Features compared as categories; every other feature is numeric and must hold"
                + " numbers only.")
    List<String> categorical = new ArrayList<>();

    @Option(
        names = {"-o", "--output"},
        required = true,
        paramLabel = "BASELINE.json",
        description = "Where to write the baseline.")
    Path output;

    @Override
    public Integer call() {
      PrintWriter err = spec.commandLine().getErr();
      try {
        Baseline b = profile(CsvTable.read(data));
        BaselineFile.write(b, output);
        long numeric =
            b.features().stream().filter(f -> f.kind() == FeatureBaseline.Kind.NUMERIC).count();
        spec.commandLine()
            .getOut()
            .printf(
                "wrote %s: %d rows, %d features (%d numeric, %d categorical)%s%n",
                output,
                b.rows(),
                b.features().size(),
                numeric,
                b.features().size() - numeric,
                label == null ? "" : ", label '" + label + "'");
        return 0;
      } catch (IllegalArgumentException e) {
        err.println("profile create: " + e.getMessage());
        return 2;
      } catch (IOException e) {
        err.println("profile create: cannot read or write " + e.getMessage());
        return 2;
      }
    }

    Baseline profile(CsvTable t) {
      List<String> header = t.header();
      if (label != null && !header.contains(label)) {
        throw new IllegalArgumentException(
            t.file() + ": no label column '" + label + "'; it has " + header);
      }
      List<String> features = new ArrayList<>(columns);
      if (features.isEmpty()) {
        header.stream().filter(c -> !c.equals(label)).forEach(features::add);
      }
      for (String c : features) {
        if (!header.contains(c)) {
          throw new IllegalArgumentException(
              t.file() + ": no column '" + c + "' (from --columns); it has " + header);
        }
        if (c.equals(label)) {
          throw new IllegalArgumentException(
              "column '" + c + "' is the label (--label) and cannot be a feature too");
        }
      }
      for (String c : categorical) {
        if (!features.contains(c)) {
          throw new IllegalArgumentException(
              "--categorical: '" + c + "' is not one of the features " + features);
        }
      }
      List<FeatureBaseline> out = new ArrayList<>();
      for (String c : features) {
        int column = header.indexOf(c);
        out.add(
            categorical.contains(c)
                ? FeatureBaseline.categorical(c, categories(t, column))
                : FeatureBaseline.numeric(c, numbers(t, column, c)));
      }
      Map<String, Long> labels = new LinkedHashMap<>();
      if (label != null) {
        String[] l = categories(t, header.indexOf(label));
        for (String v : l) {
          if (v != null) {
            labels.merge(v, 1L, Long::sum);
          }
        }
      }
      return new Baseline(t.size(), label, out, labels);
    }

    /** Empty fields are missing (null); numbers are written as the server reads them. */
    private static String[] categories(CsvTable t, int column) {
      String[] out = new String[t.size()];
      for (int r = 0; r < t.size(); r++) {
        String v = t.value(r, column);
        double d = DriftCommand.Compare.number(v);
        out[r] = v.isEmpty() ? null : Double.isNaN(d) ? v : FeatureBaseline.categoryOf(d);
      }
      return out;
    }

    private static double[] numbers(CsvTable t, int column, String name) {
      double[] out = new double[t.size()];
      for (int r = 0; r < t.size(); r++) {
        String v = t.value(r, column);
        if (v.isEmpty()) {
          out[r] = Double.NaN;
          continue;
        }
        double d = DriftCommand.Compare.number(v);
        if (Double.isNaN(d)) {
          throw new IllegalArgumentException(
              t.file()
                  + " line "
                  + t.line(r)
                  + ", column '"
                  + name
                  + "': expected a number, got '"
                  + v
                  + "' (a feature is numeric unless --categorical names it)");
        }
        out[r] = d;
      }
      return out;
    }
  }
}
