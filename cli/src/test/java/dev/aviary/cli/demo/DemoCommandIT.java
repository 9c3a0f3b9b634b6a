package dev.aviary.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Runs the whole demo against a real {@code aviary serve} child process. */
class DemoCommandIT {

  @Test
  void servesAllThreeReleasesShowsTheShiftedOneAndDrainsCleanly(@TempDir Path work)
      throws Exception {
    Path examples = Path.of("..", "examples", "fraud").toAbsolutePath().normalize();
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.out;
    int exit;
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      exit =
          new CommandLine(new DemoCommand())
              .execute(
                  "--examples", examples.toString(),
                  "--workdir", work.toString(),
                  "--rows", "600");
    } finally {
      System.setOut(original);
    }
    String output = captured.toString(StandardCharsets.UTF_8);
    original.println(output);

    assertThat(exit).as(output).isZero();
    assertThat(output)
        .contains("\"ready\":true")
        .contains("200 {\"model_name\":\"fraud\",\"model_version\":\"3\"")
        .contains("400 {\"error\":\"input 'input'")
        .contains("aviary_predictions_total{class=\"0\",model=\"fraud\",output=\"output\",version=\"3\"}")
        .contains("the server exited with code 0");
    assertThat(flaggedPercent(output, "3")).isGreaterThan(3 * flaggedPercent(output, "2"));
    assertThat(Files.readString(work.resolve("server.log"))).contains("\"log.level\"");
  }

  private static double flaggedPercent(String output, String version) {
    Matcher m = Pattern.compile("v" + version + "\\s+([0-9.]+) %").matcher(output);
    assertThat(m.find()).as("row for v" + version + " in:\n" + output).isTrue();
    return Double.parseDouble(m.group(1));
  }
}
