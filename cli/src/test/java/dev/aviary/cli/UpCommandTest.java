package dev.aviary.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class UpCommandTest {

  @Test
  void replicasGetTheFullJitByDefault() {
    UpCommand up = new UpCommand();
    new CommandLine(up).parseArgs();
    List<String> options = UpCommand.javaOptions(up.replicaJavaOpts);
    assertThat(options).containsExactly("-Xss512k", "-XX:+UseSerialGC");
    assertThat(UpCommand.serveCommand(options))
        .doesNotContain("-XX:TieredStopAtLevel=1")
        .containsSubsequence("-Xss512k", "-XX:+UseSerialGC", "-cp")
        .endsWith("dev.aviary.cli.AviaryCli", "serve");
  }

  @Test
  void replicaJavaOptionsComeFromTheFlag() {
    UpCommand up = new UpCommand();
    new CommandLine(up).parseArgs("--replica-java-opts", "  -Xmx256m   -XX:+UseParallelGC ");
    List<String> options = UpCommand.javaOptions(up.replicaJavaOpts);
    assertThat(options).containsExactly("-Xmx256m", "-XX:+UseParallelGC");
    List<String> command = UpCommand.serveCommand(options);
    assertThat(command.subList(2, 4)).containsExactly("-Xmx256m", "-XX:+UseParallelGC");
  }

  @Test
  void shortLivedPlatformsKeepTheFirstCompilerOnly() {
    assertThat(UpCommand.serveCommand()).contains("-XX:TieredStopAtLevel=1");
  }

  @Test
  void aWordThatIsNotAJvmOptionIsRejected() {
    assertThatThrownBy(() -> UpCommand.javaOptions("-Xmx256m Xss512k"))
        .hasMessageContaining("'Xss512k' is not a JVM option");
  }

  @Test
  void upRefusesABadReplicaOptionBeforeStartingAnything(@TempDir Path dir) {
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new AviaryCli());
    cl.setErr(new PrintWriter(err, true));
    Path state = dir.resolve("state");
    int code =
        cl.execute(
            "up",
            "--state-dir",
            state.toString(),
            "--port",
            "0",
            "--gateway-port",
            "0",
            "--replica-java-opts",
            "Xmx256m");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString())
        .contains("aviary up: --replica-java-opts: 'Xmx256m' is not a JVM option");
    assertThat(Files.exists(state)).isFalse();
  }

  @Test
  void aBusyGatewayPortIsNamedWithTheFlagThatMovesIt(@TempDir Path dir) throws Exception {
    try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      StringWriter err = new StringWriter();
      CommandLine cl = new CommandLine(new AviaryCli());
      cl.setErr(new PrintWriter(err, true));
      int code =
          cl.execute(
              "up",
              "--state-dir",
              dir.resolve("state").toString(),
              "--port",
              "0",
              "--gateway-port",
              Integer.toString(busy.getLocalPort()));
      assertThat(code).isEqualTo(1);
      assertThat(err.toString())
          .contains(
              "aviary up: the gateway cannot listen on 127.0.0.1:"
                  + busy.getLocalPort()
                  + ": Address already in use; choose another port with --gateway-port N");
    }
  }

  @Test
  void aBusyControlPortIsNamedWithTheFlagThatMovesIt(@TempDir Path dir) throws Exception {
    try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      StringWriter err = new StringWriter();
      CommandLine cl = new CommandLine(new AviaryCli());
      cl.setErr(new PrintWriter(err, true));
      int code =
          cl.execute(
              "up",
              "--state-dir",
              dir.resolve("state").toString(),
              "--port",
              Integer.toString(busy.getLocalPort()),
              "--gateway-port",
              "0");
      assertThat(code).isEqualTo(1);
      assertThat(err.toString())
          .contains(
              "aviary up: the control API cannot listen on 127.0.0.1:"
                  + busy.getLocalPort()
                  + ": Address already in use; choose another port with --port N");
    }
  }

  @Test
  void noTokenIsRefusedBeyondLoopbackBeforeStartingAnything(@TempDir Path dir) {
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new AviaryCli());
    cl.setErr(new PrintWriter(err, true));
    Path state = dir.resolve("state");
    int code =
        cl.execute(
            "up",
            "--state-dir",
            state.toString(),
            "--host",
            "0.0.0.0",
            "--port",
            "0",
            "--gateway-port",
            "0",
            "--no-token");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString())
        .contains(
            "aviary up: --no-token is allowed only when the control API binds to loopback, and"
                + " --host is 0.0.0.0");
    assertThat(Files.exists(state)).isFalse();
  }

  @Test
  void noTokenWithATokenOrAnEmptyTokenIsRefused(@TempDir Path dir) throws Exception {
    Path state = dir.resolve("state");
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new AviaryCli());
    cl.setErr(new PrintWriter(err, true));
    assertThat(cl.execute("up", "--state-dir", state.toString(), "--no-token", "--token", "t"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("--no-token cannot be combined with --token");
    Path empty = Files.writeString(dir.resolve("empty"), "\n");
    assertThat(cl.execute("up", "--state-dir", state.toString(), "--token-file", empty.toString()))
        .isEqualTo(2);
    assertThat(err.toString()).contains("--token-file " + empty + " is empty");
    assertThat(Files.exists(state)).isFalse();
  }

  @Test
  void modelRootsAreRepeatableAndDefaultToNone() {
    UpCommand up = new UpCommand();
    new CommandLine(up).parseArgs();
    assertThat(up.modelRoots).isEmpty();
    new CommandLine(up).parseArgs("--model-root", "models", "--model-root", "/srv/models");
    assertThat(up.modelRoots).containsExactly(Path.of("models"), Path.of("/srv/models"));
  }

  @Test
  void upRefusesAModelRootThatIsNotADirectoryBeforeStartingAnything(@TempDir Path dir) {
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new AviaryCli());
    cl.setErr(new PrintWriter(err, true));
    Path state = dir.resolve("state");
    Path missing = dir.resolve("no-models");
    int code =
        cl.execute(
            "up",
            "--state-dir",
            state.toString(),
            "--port",
            "0",
            "--gateway-port",
            "0",
            "--model-root",
            missing.toString());
    assertThat(code).isEqualTo(1);
    assertThat(err.toString())
        .contains("aviary up: model root " + missing.toAbsolutePath() + " is not a directory");
    assertThat(Files.exists(state)).isFalse();
  }

  @Test
  void every_replica_exits_when_out_of_memory_whatever_options_it_is_given() {
    List<String> command = UpCommand.serveCommand(List.of("-Xmx64m"));
    assertThat(command.get(1)).isEqualTo("-XX:+ExitOnOutOfMemoryError");
    assertThat(command.indexOf("-Xmx64m")).isGreaterThan(1);
    assertThat(command.subList(command.size() - 2, command.size()))
        .containsExactly("dev.aviary.cli.AviaryCli", "serve");
  }
}
