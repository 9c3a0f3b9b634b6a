package dev.aviary.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aviary.local.Platform;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * Every file under {@code examples/rollouts} applies, as it stands, to the embedded platform
 * started from the repository root (as {@code ./aviary up} is), and its replicas come up Healthy.
 */
class ExampleRolloutsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

  @TempDir Path state;

  private String cli(String server, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new AviaryCli());
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    String[] all = new String[args.length + 4];
    System.arraycopy(args, 0, all, 0, args.length);
    System.arraycopy(
        new String[] {"--server", server, "--state-dir", state.toString()}, 0, all, args.length, 4);
    int code = cl.execute(all);
    assertThat(code).as("aviary %s: %s", String.join(" ", args), err).isZero();
    return out.toString();
  }

  @ParameterizedTest
  @ValueSource(strings = {"canary.yaml", "blue-green.yaml"})
  void the_example_applies_and_becomes_healthy(String example) throws Exception {
    try (Platform platform =
        Platform.start(TestPlatforms.options(state, UpCommand.serveCommand(), REPO))) {
      String server = "http://127.0.0.1:" + platform.apiPort();
      Path file = REPO.resolve("examples").resolve("rollouts").resolve(example);
      assertThat(cli(server, "apply", "-f", file.toString())).contains("modeldeployment/fraud");
      await()
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> phase(server).equals("Healthy"));
      JsonNode d = JSON.readTree(cli(server, "get", "fraud", "-o", "json"));
      assertThat(d.toString()).contains("\"version\":\"" + expectedVersion(example) + "\"");
    }
  }

  private static String expectedVersion(String example) {
    return List.of("canary.yaml").contains(example) ? "2" : "3";
  }

  private String phase(String server) throws Exception {
    return JSON.readTree(cli(server, "get", "fraud", "-o", "json"))
        .path("status")
        .path("phase")
        .asText();
  }
}
