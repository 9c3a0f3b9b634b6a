package dev.aviary.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code aviary up} as a child process, as a user runs it, and the client commands finding its
 * token through the state directory.
 */
class UpTokenIT {
  private final HttpClient http = HttpClient.newHttpClient();
  private Process up;

  @TempDir Path work;

  @AfterEach
  void stop() throws Exception {
    if (up != null) {
      up.destroy();
      up.waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void the_first_start_creates_an_owner_only_token_that_the_cli_uses_and_a_restart_reuses()
      throws Exception {
    Path state = work.resolve(".aviary");
    int apiPort = freePort();
    String server = "http://127.0.0.1:" + apiPort;
    up = up(state, apiPort);

    Path file = state.resolve("token");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    String token = Files.readString(file).trim();
    assertThat(token).matches("[A-Za-z0-9_-]{43}");
    String banner = Files.readString(work.resolve("up.log"));
    assertThat(banner).contains("token        " + file.toAbsolutePath()).doesNotContain(token);
    // output to a file: the dashboard's address without the token
    assertThat(banner).contains("dashboard    " + server + "/ (sign in with the token");

    assertThat(apiStatus(apiPort, null)).isEqualTo(401);
    assertThat(apiStatus(apiPort, token)).isEqualTo(200);

    Result found = cli("get", "--server", server, "--state-dir", state.toString());
    assertThat(found.code()).as(found.err()).isZero();

    Path elsewhere = work.resolve("elsewhere");
    Result missing = cli("get", "--server", server, "--state-dir", elsewhere.toString());
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.err())
        .contains("aviary get: a bearer token is required")
        .contains("no token was found")
        .contains("--token or $AVIARY_TOKEN")
        .contains(elsewhere.resolve("token").toAbsolutePath().toString())
        .contains("--state-dir or $AVIARY_STATE_DIR");

    Result wrong = cli("get", "--server", server, "--state-dir", state.toString(), "--token", "x");
    assertThat(wrong.code()).isEqualTo(1);
    assertThat(wrong.err()).contains("the token given with --token or $AVIARY_TOKEN was refused");

    // as a user runs it: the default state directory .aviary of the current directory, the
    // environment variables
    assertThat(cliProcess(work, Map.of(), "get", "--server", server).code()).isZero();
    Path sub = Files.createDirectories(work.resolve("sub"));
    assertThat(cliProcess(sub, Map.of(), "get", "--server", server).code()).isEqualTo(1);
    assertThat(
            cliProcess(sub, Map.of("AVIARY_STATE_DIR", state.toString()), "get", "--server", server)
                .code())
        .isZero();
    assertThat(
            cliProcess(
                    work,
                    Map.of("AVIARY_TOKEN", token, "AVIARY_STATE_DIR", sub.toString()),
                    "get",
                    "--server",
                    server)
                .code())
        .isZero();
    Result envWins = cliProcess(work, Map.of("AVIARY_TOKEN", "wrong"), "get", "--server", server);
    assertThat(envWins.code()).isEqualTo(1);
    assertThat(envWins.err()).contains("the token given with --token or $AVIARY_TOKEN was refused");

    up.destroy();
    assertThat(up.waitFor(30, TimeUnit.SECONDS)).isTrue();
    up = up(state, apiPort);
    assertThat(Files.readString(file).trim()).isEqualTo(token);
    assertThat(cli("get", "--server", server, "--state-dir", state.toString()).code()).isZero();
  }

  @Test
  void a_deleted_token_file_gives_a_new_token_at_the_next_start_and_the_old_one_stops_working()
      throws Exception {
    Path state = work.resolve("state");
    int apiPort = freePort();
    up = up(state, apiPort);
    String old = Files.readString(state.resolve("token")).trim();
    up.destroy();
    assertThat(up.waitFor(30, TimeUnit.SECONDS)).isTrue();

    Files.delete(state.resolve("token"));
    up = up(state, apiPort);
    String rotated = Files.readString(state.resolve("token")).trim();
    assertThat(rotated).isNotEqualTo(old);
    assertThat(apiStatus(apiPort, old)).isEqualTo(401);
    assertThat(apiStatus(apiPort, rotated)).isEqualTo(200);
  }

  private int apiStatus(int apiPort, String token) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + "/api/v1/deployments"));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private Process up(Path state, int apiPort) throws Exception {
    Process p =
        new ProcessBuilder(
                List.of(
                    ProcessHandle.current().info().command().orElse("java"),
                    "-cp",
                    System.getProperty("java.class.path"),
                    "dev.aviary.cli.AviaryCli",
                    "up",
                    "--state-dir",
                    state.toString(),
                    "--port",
                    String.valueOf(apiPort),
                    "--gateway-port",
                    "0"))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("up.log").toFile()))
            .start();
    URI health = URI.create("http://127.0.0.1:" + apiPort + "/healthz");
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(300))
        .ignoreExceptions()
        .until(
            () ->
                http.send(
                            HttpRequest.newBuilder(health).build(),
                            HttpResponse.BodyHandlers.discarding())
                        .statusCode()
                    == 200);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> Files.readString(work.resolve("up.log")).contains("Press Ctrl-C"));
    return p;
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static Result cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new AviaryCli());
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  /** The CLI as a child process in {@code dir} with {@code env} added to its environment. */
  private static Result cliProcess(Path dir, Map<String, String> env, String... args)
      throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-cp",
                System.getProperty("java.class.path"),
                "dev.aviary.cli.AviaryCli"));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    pb.environment().remove("AVIARY_TOKEN");
    pb.environment().remove("AVIARY_STATE_DIR");
    pb.environment().putAll(env);
    Path out = Files.createTempFile(dir, "cli", ".out");
    Path err = Files.createTempFile(dir, "cli", ".err");
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    Result r = new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    Files.delete(out);
    Files.delete(err);
    return r;
  }

  private record Result(int code, String out, String err) {}
}
