package dev.aviary.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code aviary gateway} as a child process, as a user runs it. */
class GatewayCommandIT {
  private static final String ROUTES =
      "routes:\n  - name: fraud\n    revisions:\n"
          + "      - {name: v1, endpoints: [\"127.0.0.1:%d\"]}\n";

  @TempDir Path dir;
  private Process gateway;

  @AfterEach
  void stop() throws Exception {
    if (gateway != null) {
      gateway.destroyForcibly();
      gateway.waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void itsJsonLogNamesTheGatewayAsTheService() throws Exception {
    Path routes = dir.resolve("routes.yaml");
    Files.writeString(routes, String.format(ROUTES, 9));
    Path log = dir.resolve("gateway.log");
    gateway =
        new ProcessBuilder(
                ProcessHandle.current().info().command().orElse("java"),
                "-cp",
                System.getProperty("java.class.path"),
                "dev.aviary.cli.AviaryCli",
                "gateway",
                "--config",
                routes.toString(),
                "--port",
                "0",
                "--admin-port",
                "-1")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    await()
        .atMost(Duration.ofMinutes(1))
        .until(() -> Files.readString(log).contains("aviary gateway: traffic on"));

    // A change of the watched file is applied and logged as JSON.
    Files.writeString(routes, String.format(ROUTES, 10));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> Files.readString(log).contains("applied gateway configuration"));

    String line =
        Files.readAllLines(log).stream()
            .filter(l -> l.contains("applied gateway configuration"))
            .findFirst()
            .orElseThrow();
    assertThat(line).contains("\"service.name\":\"aviary-gateway\"");
  }
}
