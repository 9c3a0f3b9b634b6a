package dev.aviary.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Runs the whole demo in-process: the embedded platform with real model-server child processes,
 * real traffic through the gateway, four rollouts.
 */
class DemoCommandIT {

  @Test
  void canaryPromotedFaultyCanaryRolledBackBlueGreenSwitchedAndUndoneWithoutFailedRequests(
      @TempDir Path work) throws Exception {
    Path examples = Path.of("..", "examples", "fraud").toAbsolutePath().normalize();
    java.time.Instant testStart = java.time.Instant.now();
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.out;
    int exit;
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      exit =
          new CommandLine(new DemoCommand())
              .execute(
                  "--examples",
                  examples.toString(),
                  "--workdir",
                  work.toString(),
                  "--replicas",
                  "2");
    } finally {
      System.setOut(original);
    }
    String output = captured.toString(StandardCharsets.UTF_8);
    original.println(output);

    assertThat(exit).as(output).isZero();
    assertThat(output)
        .contains("Every expectation held.")
        .contains("ok   v2 canary: 0 failed")
        .contains("ok   the prediction-drift analysis failed")
        .contains("ok   blue/green and undo: 0 failed")
        .containsPattern("ok   the preview port \\d+ serves v1 before the switch")
        .doesNotContain("FAIL ");
    assertThat(output).containsPattern("requests sent: [1-9][0-9]*, failed: 0");
    try (var logs = Files.walk(work.resolve("logs").resolve("fraud"))) {
      assertThat(logs.filter(p -> p.toString().endsWith(".log")).count()).isGreaterThanOrEqualTo(4);
    }
    // every replica was stopped with the platform
    assertThat(
            ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains(examples.toString()))
                .filter(p -> p.info().startInstant().map(t -> t.isAfter(testStart)).orElse(false))
                .count())
        .isZero();
  }
}
