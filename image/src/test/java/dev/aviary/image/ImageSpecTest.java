package dev.aviary.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ImageSpecTest {

  static ImageSpec spec(Optional<String> base) {
    return new ImageSpec(
        Path.of("/app.jar"),
        Path.of("/m.onnx"),
        "fraud",
        "4",
        "ab".repeat(32),
        List.of("fraud-4"),
        Optional.of("1a2b3c4d"),
        "https://example.com/models.git",
        Instant.parse("2026-12-07T10:00:00Z"),
        base,
        new ImageSpec.Tar(Path.of("/tmp/x.tar"), false));
  }

  @Test
  void labels_carry_the_oci_annotations_and_the_model() {
    assertThat(spec(Optional.empty()).labels())
        .containsEntry("org.opencontainers.image.revision", "1a2b3c4d")
        .containsEntry("org.opencontainers.image.source", "https://example.com/models.git")
        .containsEntry("org.opencontainers.image.created", "2026-12-07T10:00:00Z")
        .containsEntry("org.opencontainers.image.version", "4")
        .containsEntry("org.opencontainers.image.title", "fraud")
        .containsEntry("dev.aviary.model.name", "fraud")
        .containsEntry("dev.aviary.model.version", "4")
        .containsEntry("dev.aviary.model.sha256", "ab".repeat(32));
  }

  @Test
  void the_entrypoint_serves_the_baked_model_and_the_arguments_choose_address_and_port() {
    assertThat(ImageBuilder.entrypoint(spec(Optional.empty())))
        .startsWith("/opt/java/bin/java")
        .endsWith(
            "-jar",
            "/app/aviary.jar",
            "serve",
            "--model",
            "/models/fraud.onnx",
            "--name",
            "fraud",
            "--version",
            "4");
    assertThat(ImageBuilder.entrypoint(spec(Optional.of("eclipse-temurin:17-jre"))))
        .startsWith("java");
    assertThat(ImageBuilder.programArguments())
        .containsExactly("--host", "0.0.0.0", "--port", "8080");
  }

  @Test
  void a_push_target_is_a_repository_without_a_tag() {
    assertThat(new ImageSpec.Push("127.0.0.1:5000/aviary/fraud", true).registry())
        .isEqualTo("127.0.0.1:5000");
    for (String bad :
        List.of("fraud", "reg.example.com/aviary/fraud:4", "reg/x@sha256:ab", "reg/Fraud", "")) {
      assertThatThrownBy(() -> new ImageSpec.Push(bad, false))
          .isInstanceOf(ImageException.class)
          .hasMessageStartingWith("--push '" + bad + "' is not a repository");
    }
  }
}
