package dev.aviary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class GatewayCommandTest {
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = new CommandLine(new AviaryCli());
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void listsEveryProblemOfAnInvalidRoutesFile(@TempDir Path dir) throws Exception {
    Path routes = dir.resolve("routes.yaml");
    Files.writeString(
        routes, "routes: [{name: r, revisions: [{name: a, weight: 150, endpoints: [\"x\"]}]}]");

    assertThat(run("gateway", "--config", routes.toString())).isEqualTo(2);
    assertThat(err.toString())
        .contains("is not a valid gateway configuration")
        .contains("routes[0].revisions[0].weight: must be between 0 and 100, got 150")
        .contains("routes[0].revisions[0].endpoints[0]: expected host:port, got 'x'");
  }

  @Test
  void namesAMissingRoutesFile(@TempDir Path dir) {
    assertThat(run("gateway", "--config", dir.resolve("none.yaml").toString())).isEqualTo(2);
    assertThat(err.toString()).contains("none.yaml: no such file");
  }

  @Test
  void refusesAnAdminAddressBeyondLoopbackWithoutAToken(@TempDir Path dir) throws Exception {
    Path routes = dir.resolve("routes.yaml");
    Files.writeString(routes, "routes: []");

    assertThat(
            run(
                "gateway",
                "--config",
                routes.toString(),
                "--host",
                "0.0.0.0",
                "--port",
                "0",
                "--admin-host",
                "0.0.0.0",
                "--admin-port",
                "0"))
        .isEqualTo(2);
    assertThat(err.toString())
        .contains("--admin-host 0.0.0.0")
        .contains("only with an admin token");
  }

  @Test
  void namesAPortOutOfRangeWithoutAStackTrace(@TempDir Path dir) throws Exception {
    Path routes = dir.resolve("routes.yaml");
    Files.writeString(routes, "routes: []");

    assertThat(run("gateway", "--config", routes.toString(), "--metrics-port", "70000"))
        .isEqualTo(2);
    assertThat(err.toString())
        .isEqualTo(
            "aviary gateway: metricsPort must be between 0 and 65535, or -1 for none, got 70000"
                + System.lineSeparator());
  }

  @Test
  void namesAnEmptyOrMissingAdminTokenFile(@TempDir Path dir) throws Exception {
    Path routes = dir.resolve("routes.yaml");
    Files.writeString(routes, "routes: []");
    Path empty = Files.writeString(dir.resolve("token"), "  \n");

    assertThat(
            run("gateway", "--config", routes.toString(), "--admin-token-file", empty.toString()))
        .isEqualTo(2);
    assertThat(err.toString()).contains("the file is empty, expected a token");
    assertThat(
            run(
                "gateway",
                "--config",
                routes.toString(),
                "--admin-token-file",
                dir.resolve("none").toString()))
        .isEqualTo(2);
    assertThat(err.toString())
        .contains("--admin-token-file " + dir.resolve("none") + ": no such file");
  }
}
