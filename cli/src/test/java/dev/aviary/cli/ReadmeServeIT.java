package dev.aviary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "Serve a model and call it" block, pasted into bash as it stands (on a free port
 * instead of 9000), starts a real server through the launcher, waits for it, gets a prediction and
 * the metrics, and stops it: a new user sees what the README promises.
 */
class ReadmeServeIT {
  @TempDir Path dir;

  @Test
  void theServeBlockOfTheReadmeRunsAsWritten() throws Exception {
    DocBlocks.Block block =
        DocBlocks.of(DocBlocks.ROOT.resolve("README.md")).stream()
            .filter(b -> b.text().startsWith("./aviary serve "))
            .findFirst()
            .orElseThrow(() -> new AssertionError("README.md has no block starting a server"));
    assertThat(block.text()).contains("localhost:9000");
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    Path root = repositoryCopy();
    Path script = dir.resolve("block.sh");
    // `wait` lets the server finish its drain, so that the test leaves no process behind.
    Files.writeString(script, block.text().replace("9000", Integer.toString(port)) + "wait\n");
    Path out = dir.resolve("out.txt");
    ProcessBuilder b =
        new ProcessBuilder("bash", script.toString())
            .directory(root.toFile())
            .redirectErrorStream(true)
            .redirectOutput(out.toFile());
    b.environment().put("AVIARY_SKIP_BUILD", "1");
    b.environment().remove("AVIARY_JAVA_OPTS");
    Process bash = b.start();
    bash.getOutputStream().close();
    try {
      assertThat(bash.waitFor(3, TimeUnit.MINUTES)).as("the block finishes").isTrue();
    } finally {
      bash.descendants().forEach(ProcessHandle::destroyForcibly);
      bash.destroyForcibly();
    }
    String text = Files.readString(out);
    assertThat(bash.exitValue()).as(text).isZero();
    assertThat(text)
        .contains("\"ready\":true")
        .contains("{\"model_name\":\"fraud\",\"model_version\":\"2\"")
        .contains(
            "aviary_inference_requests_total{model=\"fraud\",outcome=\"success\",version=\"2\"}"
                + " 1.0");
  }

  /** The files the block uses, in a copy of the repository layout; the real one is left alone. */
  private Path repositoryCopy() throws Exception {
    Path jar = Path.of("target", "aviary-all.jar").toAbsolutePath();
    assertThat(jar).as("the package phase builds the runnable jar before the tests run").exists();
    Path root = dir.resolve("repo");
    Path fraud = DocBlocks.ROOT.resolve("examples/fraud");
    Files.createDirectories(root.resolve("cli/target"));
    Files.createDirectories(root.resolve("examples/fraud/models/v2"));
    Files.copy(
        DocBlocks.ROOT.resolve("aviary"),
        root.resolve("aviary"),
        StandardCopyOption.COPY_ATTRIBUTES);
    Files.copy(jar, root.resolve("cli/target/aviary-all.jar"));
    Files.copy(
        fraud.resolve("models/v2/model.onnx"), root.resolve("examples/fraud/models/v2/model.onnx"));
    Files.copy(fraud.resolve("request.json"), root.resolve("examples/fraud/request.json"));
    return root;
  }
}
