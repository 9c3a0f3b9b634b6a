package dev.aviary.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code aviary image build} from the runnable jar, as a pipeline runs it: pushed to a real
 * registry (Debian's {@code docker-registry} on loopback) and read back with skopeo, refused by a
 * registry that wants a login or is not there, and the image's own files running the server.
 */
class ImageBuildIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  private static final Path JAR = Path.of("target", "aviary-all.jar").toAbsolutePath();
  private static final Path V1 = REPO.resolve("examples/fraud/models/v1/model.onnx");
  private static final Path V2 = REPO.resolve("examples/fraud/models/v2/model.onnx");

  /** One jlink runtime for every build of this class. */
  @TempDir static Path cache;

  @TempDir Path tmp;

  @Test
  void pushes_every_tag_with_its_labels_to_a_registry_and_refuses_one_that_wants_a_login()
      throws Exception {
    String registry = tmp.resolve("models").toString();
    assertThat(
            aviary("model", "register", "fraud", "--file", V1.toString(), "--registry", registry)
                .exit)
        .isZero();
    assertThat(
            aviary("model", "register", "fraud", "--file", V2.toString(), "--registry", registry)
                .exit)
        .isZero();

    try (LocalDockerRegistry server = LocalDockerRegistry.start(tmp, "")) {
      String repo = server.host() + "/aviary/fraud";
      // the exact form generated pipelines use
      Run push =
          aviary(
              "image",
              "build",
              "fraud:2",
              "--tag",
              "git-1a2b3c4",
              "--push",
              repo,
              "--insecure",
              "--registry",
              registry);
      assertThat(push.exit).as(push.err).isZero();
      assertThat(push.out).startsWith("built fraud:2 into " + repo + " in ");

      JsonNode tags = JSON.readTree(skopeo("list-tags", "--tls-verify=false", "docker://" + repo));
      String today = LocalDate.now(ZoneOffset.UTC).toString();
      assertThat(tags.get("Tags"))
          .extracting(JsonNode::asText)
          .contains("fraud-2", "git-1a2b3c4", today);
      JsonNode inspect =
          JSON.readTree(skopeo("inspect", "--tls-verify=false", "docker://" + repo + ":fraud-2"));
      JsonNode labels = inspect.get("Labels");
      assertThat(labels.get("dev.aviary.model.name").asText()).isEqualTo("fraud");
      assertThat(labels.get("dev.aviary.model.version").asText()).isEqualTo("2");
      assertThat(labels.get("dev.aviary.model.sha256").asText())
          .isEqualTo(dev.aviary.registry.Sha256.of(V2));
      assertThat(labels.get("org.opencontainers.image.version").asText()).isEqualTo("2");
      assertThat(labels.has("org.opencontainers.image.revision")).isTrue();
      assertThat(labels.has("org.opencontainers.image.source")).isTrue();
      assertThat(labels.has("org.opencontainers.image.created")).isTrue();
    }

    try (LocalDockerRegistry locked =
        LocalDockerRegistry.start(
            tmp,
            "auth:\n  htpasswd:\n    realm: aviary-test\n    path: "
                + tmp.resolve("htpasswd")
                + "\n")) {
      int authPort = locked.port();
      Run refused =
          aviary(
              "image",
              "build",
              "--file",
              V1.toString(),
              "--name",
              "fraud",
              "--push",
              "127.0.0.1:" + authPort + "/aviary/fraud",
              "--insecure");
      assertThat(refused.exit).as(refused.out + refused.err).isEqualTo(1);
      assertThat(refused.err)
          .contains(
              "aviary image build: the registry 127.0.0.1:"
                  + authPort
                  + " wants a login, and credentials are only sent over HTTPS")
          .doesNotContain("Attempting again");
    }

    int nothing = LocalDockerRegistry.freePort();
    Run unreachable =
        aviary(
            "image",
            "build",
            "--file",
            V1.toString(),
            "--push",
            "127.0.0.1:" + nothing + "/aviary/fraud",
            "--insecure");
    assertThat(unreachable.exit).isEqualTo(1);
    assertThat(unreachable.err)
        .startsWith("aviary image build: cannot reach the registry 127.0.0.1:" + nothing);
  }

  /**
   * The image's layers unpacked into a directory, run with {@code chroot} as its user with its
   * entrypoint, environment and runtime: what a container runtime does, less the namespaces. Needs
   * root (chroot); CI runs as root.
   */
  @Test
  void the_images_own_runtime_and_entrypoint_serve_the_baked_model() throws Exception {
    assumeThat(System.getProperty("user.name")).as("chroot needs root").isEqualTo("root");
    Path tar = tmp.resolve("fraud.tar");
    Run built =
        aviary(
            "image",
            "build",
            "--file",
            V2.toString(),
            "--name",
            "fraud",
            "--version",
            "2",
            "--output",
            tar.toString());
    assertThat(built.exit).as(built.err).isZero();

    Path root = Files.createDirectories(tmp.resolve("root"));
    JsonNode manifest = JSON.readTree(entry(tar, "manifest.json"));
    Path layers = Files.createDirectories(tmp.resolve("layers"));
    try (TarArchiveInputStream in = new TarArchiveInputStream(Files.newInputStream(tar))) {
      for (TarArchiveEntry e; (e = in.getNextEntry()) != null; ) {
        if (e.getName().endsWith(".tar.gz")) {
          Files.copy(in, layers.resolve(e.getName()));
        }
      }
    }
    for (JsonNode layer : manifest.at("/0/Layers")) {
      run(List.of("tar", "-xzf", layers.resolve(layer.asText()).toString(), "-C", root.toString()));
    }
    JsonNode config = JSON.readTree(entry(tar, manifest.at("/0/Config").asText())).get("config");

    int port = LocalDockerRegistry.freePort();
    List<String> command =
        new ArrayList<>(
            List.of("chroot", "--userspec=" + config.get("User").asText(), root.toString()));
    config.get("Entrypoint").forEach(n -> command.add(n.asText()));
    // as `docker run IMAGE --host ... --port ...` replaces the default arguments
    command.addAll(List.of("--host", "127.0.0.1", "--port", Integer.toString(port)));
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("server.log").toFile());
    pb.environment().clear();
    config
        .get("Env")
        .forEach(
            n -> {
              String[] kv = n.asText().split("=", 2);
              pb.environment().put(kv[0], kv[1]);
            });
    Process server = pb.start();
    try {
      HttpClient http = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + port;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      int ready = 0;
      while (ready != 200 && System.nanoTime() < deadline && server.isAlive()) {
        try {
          ready =
              http.send(
                      HttpRequest.newBuilder(URI.create(base + "/readyz")).build(),
                      HttpResponse.BodyHandlers.discarding())
                  .statusCode();
        } catch (java.io.IOException e) {
          Thread.sleep(200);
        }
      }
      assertThat(ready).as(Files.readString(tmp.resolve("server.log"))).isEqualTo(200);

      HttpResponse<String> infer =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/v2/models/fraud/versions/2/infer"))
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofFile(
                          REPO.resolve("examples/fraud/request.json")))
                  .timeout(Duration.ofSeconds(30))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(infer.statusCode()).as(infer.body()).isEqualTo(200);
      JsonNode output = JSON.readTree(infer.body()).at("/outputs/0");
      assertThat(output.get("name").asText()).isEqualTo("output");
      assertThat(output.get("shape")).extracting(JsonNode::asInt).containsExactly(8, 2);
      assertThat(output.get("data")).hasSize(16);
      assertThat(Files.readString(tmp.resolve("server.log")))
          .contains("listening on 127.0.0.1:" + port);
    } finally {
      stop(server);
    }
  }

  private record Run(int exit, String out, String err) {}

  private Run aviary(String... args) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                JAR.toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(REPO.toFile());
    pb.environment().put("XDG_CACHE_HOME", cache.toString());
    pb.redirectOutput(tmp.resolve("out.txt").toFile())
        .redirectError(tmp.resolve("err.txt").toFile());
    Process p = pb.start();
    assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
    return new Run(
        p.exitValue(),
        Files.readString(tmp.resolve("out.txt")),
        Files.readString(tmp.resolve("err.txt")));
  }

  private static void stop(Process p) throws InterruptedException {
    p.destroy();
    if (!p.waitFor(20, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor();
    }
  }

  private static String skopeo(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("skopeo"));
    command.addAll(List.of(args));
    return run(command);
  }

  private static String run(List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out;
    try (InputStream in = p.getInputStream()) {
      out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(command + ": " + out).isZero();
    return out;
  }

  private static String entry(Path tar, String name) throws Exception {
    try (TarArchiveInputStream in = new TarArchiveInputStream(Files.newInputStream(tar))) {
      for (TarArchiveEntry e; (e = in.getNextEntry()) != null; ) {
        if (e.getName().equals(name)) {
          return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
      }
    }
    throw new AssertionError(name + " is not in " + tar);
  }
}
