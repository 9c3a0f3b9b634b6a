package dev.aviary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aviary.monitor.Baseline;
import dev.aviary.monitor.FeatureBaseline;
import dev.aviary.server.BaselineFile;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ProfileCommandTest {
  @TempDir Path dir;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  int run(String... args) {
    CommandLine cl = AviaryCli.commandLine(args);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @Test
  void profiles_every_column_but_the_label_in_file_order() throws Exception {
    Path csv = dir.resolve("train.csv");
    Files.writeString(csv, "x,kind,y\n1,3,0\n2,3.0,1\n,4,0\n5,a,0\n");
    Path file = dir.resolve("baseline.json");
    assertThat(
            run(
                "profile",
                "create",
                "--data",
                csv.toString(),
                "--label",
                "y",
                "--categorical",
                "kind",
                "-o",
                file.toString()))
        .as(err.toString())
        .isZero();
    assertThat(out.toString()).contains("4 rows, 2 features (1 numeric, 1 categorical), label 'y'");
    Baseline b = BaselineFile.read(file);
    assertThat(b.features()).extracting(FeatureBaseline::name).containsExactly("x", "kind");
    assertThat(b.features().get(0).missing()).isEqualTo(1);
    assertThat(b.features().get(0).max()).isEqualTo(5.0);
    assertThat(b.features().get(1).categories()).containsExactly("3", "4", "a");
    assertThat(b.features().get(1).binCounts()).containsExactly(2, 1, 1);
    assertThat(b.labels()).containsEntry("0", 3L).containsEntry("1", 1L);
  }

  @Test
  void a_non_number_in_a_numeric_column_names_the_column_and_line() throws Exception {
    Path csv = dir.resolve("train.csv");
    Files.writeString(csv, "x,kind\n1,3\nten,4\n");
    assertThat(
            run(
                "profile",
                "create",
                "--data",
                csv.toString(),
                "-o",
                dir.resolve("b.json").toString()))
        .isEqualTo(2);
    assertThat(err.toString())
        .contains(
            "train.csv line 3, column 'x': expected a number, got 'ten' (a feature is numeric"
                + " unless --categorical names it)");
    assertThat(dir.resolve("b.json")).doesNotExist();
  }
}
