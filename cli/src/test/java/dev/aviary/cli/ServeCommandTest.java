package dev.aviary.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ServeCommandTest {
  private static String run(String... args) {
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new AviaryCli());
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args);
    assertThat(code).isEqualTo(2);
    return err.toString();
  }

  @Test
  void serveGetsTheSameCommandWithoutBuildingTheOtherSubcommands() {
    CommandLine fast = AviaryCli.commandLine(new String[] {"serve", "--model", "m.onnx"});
    CommandLine full = new CommandLine(new AviaryCli());

    assertThat(fast.getSubcommands()).containsOnlyKeys("serve");
    assertThat(fast.getSubcommands().get("serve").getUsageMessage())
        .isEqualTo(full.getSubcommands().get("serve").getUsageMessage())
        .contains("Usage: aviary serve");
    assertThat(AviaryCli.commandLine(new String[] {"status"}).getSubcommands())
        .containsKeys("serve", "status", "up", "operator");
    assertThat(AviaryCli.commandLine(new String[0]).getSubcommands()).containsKey("serve");
  }

  @Test
  void serveUsageErrorsReadTheSameThroughTheShortPath() {
    StringWriter err = new StringWriter();
    CommandLine cli = AviaryCli.commandLine(new String[] {"serve"});
    cli.setErr(new PrintWriter(err));
    assertThat(cli.execute("serve", "--repository", "dir", "--drain-delay", "5")).isEqualTo(2);
    assertThat(err.toString())
        .contains("must be a duration such as 30s, 5m, 1h30m or 250ms, got '5'")
        .contains("Usage: aviary serve");
  }

  @Test
  void theLogLevelAndServiceNameDefaultToTheirEnvironmentVariables() throws Exception {
    ProcessBuilder b =
        new ProcessBuilder(
                ProcessHandle.current().info().command().orElse("java"),
                "-cp",
                System.getProperty("java.class.path"),
                AviaryCli.class.getName(),
                "serve",
                "--help")
            .redirectErrorStream(true);
    b.environment().put("AVIARY_LOG_LEVEL", "debug");
    b.environment().put("AVIARY_SERVICE_NAME", "fraud-replica");
    Process p = b.start();
    String help = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).isZero();
    assertThat(help.replaceAll("\\s+", " "))
        .contains("$AVIARY_LOG_LEVEL, else info; now debug)")
        .contains("$AVIARY_SERVICE_NAME, else aviary-server; now fraud-replica)");
  }

  @Test
  void sizesAcceptBytesKibAndMib() {
    assertThat(ServeCommand.parseSize("2048")).isEqualTo(2048);
    assertThat(ServeCommand.parseSize("64KiB")).isEqualTo(64 * 1024);
    assertThat(ServeCommand.parseSize("16MiB")).isEqualTo(16 * 1024 * 1024);
    assertThat(ServeCommand.parseSize("1m")).isEqualTo(1024 * 1024);
    assertThatThrownBy(() -> ServeCommand.parseSize("lots"))
        .hasMessage("invalid size 'lots': use a number of bytes, or with KiB or MiB (e.g. 16MiB)");
  }

  @Test
  void aModelOrARepositoryIsRequiredButNotBoth() {
    assertThat(run("serve")).contains("Missing required argument");
    assertThat(run("serve", "--model", "a.onnx", "--repository", "dir"))
        .contains("mutually exclusive");
  }

  @Test
  @Timeout(30)
  void aMissingModelFileStopsServeAtOnceNamingThePath(@TempDir Path dir) {
    Path missing = dir.resolve("missing.onnx");
    assertThat(run("serve", "--model", missing.toString(), "--port", "0"))
        .contains("--model " + missing + ": no such file")
        .contains("--repository DIR");
    assertThat(run("serve", "--model", dir.toString(), "--port", "0"))
        .contains("--model " + dir + ": is a directory");
  }

  @Test
  void badDurationsAndSettingsAreUsageErrorsNamingTheProblem() {
    assertThat(run("serve", "--repository", "dir", "--drain-delay", "5"))
        .contains("must be a duration such as 30s, 5m, 1h30m or 250ms, got '5'");
    assertThat(
            run("serve", "--repository", "dir", "--drain-delay", "10s", "--shutdown-timeout", "5s"))
        .contains("shutdown timeout (5s) must be longer than the drain delay (10s)");
    assertThat(run("serve", "--repository", "dir", "--name", "x"))
        .contains("--name and --version go with --model");
    assertThat(run("serve", "--repository", "dir", "--fault-error-rate", "2"))
        .contains("fault error rate must be 0..1, got 2.0");
    assertThat(run("serve", "--repository", "dir", "--event-loops", "-1"))
        .contains("event loops must be 0 (one per CPU) or more, got -1");
  }

  @Test
  void badBatchingGrpcAndPayloadLogSettingsAreUsageErrorsNamingTheProblem() {
    assertThat(run("serve", "--repository", "dir", "--max-batch-size", "0"))
        .contains("max batch size must be at least 1, got 0");
    assertThat(run("serve", "--repository", "dir", "--max-batch-delay", "2s"))
        .contains("max batch delay must be 0..1s, got 2s");
    assertThat(run("serve", "--repository", "dir", "--port", "9000", "--grpc-port", "9000"))
        .contains("gRPC port and HTTP port must differ");
    assertThat(
            run(
                "serve",
                "--repository",
                "dir",
                "--payload-log",
                "p.jsonl",
                "--payload-log-sample-rate",
                "1.5"))
        .contains("payload log sample rate must be 0..1, got 1.5");
  }

  @Test
  void badSessionAndInlineSettingsAreUsageErrorsNamingTheProblem() {
    assertThat(run("serve", "--repository", "dir", "--graph-optimization", "max"))
        .contains("graph optimization 'max' is unknown; use none, basic, extended or all");
    assertThat(run("serve", "--repository", "dir", "--inter-op-threads", "-1"))
        .contains("inter-op threads must be 0 (sequential) or more");
    assertThat(run("serve", "--repository", "dir", "--inline-below", "5"))
        .contains("--inline-below");
  }
}
