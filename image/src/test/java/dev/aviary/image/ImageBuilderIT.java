package dev.aviary.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OrtEnvironment;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds real images with Jib and reads them with skopeo. The server jar here is ONNX Runtime's own
 * jar (it has the native libraries the builder takes out); the image that runs the real server is
 * checked by the cli module's {@code ImageBuildIT}.
 */
class ImageBuilderIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path MODEL =
      Path.of("..", "examples/fraud/models/v1/model.onnx").toAbsolutePath().normalize();

  @TempDir static Path cache;
  @TempDir Path dir;
  static Path serverJar;

  /** A jar with only what the builder reads of a server jar: ONNX Runtime's x86-64 libraries. */
  @BeforeAll
  static void serverJar() throws Exception {
    Path ort =
        Path.of(OrtEnvironment.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    serverJar = cache.resolve("server.jar");
    String prefix = "ai/onnxruntime/native/linux-x64/";
    try (var zip = new java.util.zip.ZipFile(ort.toFile());
        var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(serverJar))) {
      for (var e : java.util.Collections.list(zip.entries())) {
        if (e.getName().startsWith(prefix) && !e.isDirectory()) {
          out.putNextEntry(new java.util.zip.ZipEntry(e.getName()));
          try (InputStream in = zip.getInputStream(e)) {
            in.transferTo(out);
          }
          out.closeEntry();
        }
      }
    }
  }

  private ImageSpec spec(Path tar, boolean force) {
    return new ImageSpec(
        serverJar,
        MODEL,
        "fraud",
        "4",
        dev.aviary.registry.Sha256.of(MODEL),
        List.of("fraud-4", "git-1a2b3c4", "2026-12-07", "candidate"),
        Optional.of("1a2b3c4d5e6f"),
        "https://example.com/models.git",
        Instant.parse("2026-12-07T10:00:00Z"),
        Optional.empty(),
        new ImageSpec.Tar(tar, force));
  }

  private ImageBuilder builder() {
    return new ImageBuilder(Path.of(System.getProperty("java.home")), cache, line -> {});
  }

  @Test
  void a_tar_carries_every_tag_and_label_and_rebuilding_it_gives_the_same_layers()
      throws Exception {
    Path tar = dir.resolve("out/fraud.tar");
    ImageBuilder.Built built = builder().build(spec(tar, false));
    assertThat(built.tarBytes()).contains(Files.size(tar));
    try (var files = Files.list(tar.getParent())) {
      assertThat(files).as("no temporary file is left").containsExactly(tar);
    }

    JsonNode inspect = JSON.readTree(skopeo("inspect", "docker-archive:" + tar));
    JsonNode labels = inspect.get("Labels");
    assertThat(labels.get("org.opencontainers.image.revision").asText()).isEqualTo("1a2b3c4d5e6f");
    assertThat(labels.get("dev.aviary.model.sha256").asText())
        .isEqualTo(dev.aviary.registry.Sha256.of(MODEL));
    assertThat(labels.get("dev.aviary.model.version").asText()).isEqualTo("4");
    assertThat(inspect.get("Architecture").asText()).isEqualTo("amd64");
    assertThat(inspect.get("Layers")).hasSize(4);

    JsonNode config = JSON.readTree(skopeo("inspect", "--config", "docker-archive:" + tar));
    assertThat(config.at("/config/User").asText()).isEqualTo("65532:65532");
    assertThat(config.at("/config/ExposedPorts").has("8080/tcp")).isTrue();
    assertThat(config.at("/config/Entrypoint/0").asText()).isEqualTo("/opt/java/bin/java");

    JsonNode manifest = JSON.readTree(entry(tar, "manifest.json"));
    assertThat(manifest.at("/0/RepoTags"))
        .extracting(JsonNode::asText)
        .containsExactlyInAnyOrder(
            "fraud:fraud-4", "fraud:git-1a2b3c4", "fraud:2026-12-07", "fraud:candidate");

    List<String> layers = layerNames(manifest);
    assertThatThrownBy(() -> builder().build(spec(tar, false)))
        .isInstanceOf(ImageException.class)
        .hasMessageContaining("--output " + tar + " exists; give --force");
    builder().build(spec(tar, true));
    assertThat(layerNames(JSON.readTree(entry(tar, "manifest.json")))).isEqualTo(layers);
  }

  @Test
  void a_push_to_a_port_where_nothing_listens_says_the_registry_cannot_be_reached()
      throws Exception {
    int port;
    try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    ImageSpec spec = spec(dir.resolve("unused.tar"), false);
    ImageSpec push =
        new ImageSpec(
            spec.serverJar(),
            spec.model(),
            spec.modelName(),
            spec.modelVersion(),
            spec.modelSha256(),
            spec.tags(),
            spec.revision(),
            spec.source(),
            spec.created(),
            spec.base(),
            new ImageSpec.Push("127.0.0.1:" + port + "/aviary/fraud", true));
    assertThatThrownBy(() -> builder().build(push))
        .isInstanceOf(ImageException.class)
        .hasMessageStartingWith("cannot reach the registry 127.0.0.1:" + port + " (port " + port);
  }

  private static List<String> layerNames(JsonNode manifest) {
    List<String> names = new ArrayList<>();
    manifest.at("/0/Layers").forEach(n -> names.add(n.asText()));
    return names;
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

  static String skopeo(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("skopeo"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out;
    try (InputStream in = p.getInputStream()) {
      out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }
}
