package dev.aviary.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** file: model URIs against real directories, files and symbolic links. */
class ModelFilesTest {
  @TempDir Path tmp;
  Path base;
  Path outside;
  ModelFiles files;

  @BeforeEach
  void layout() throws Exception {
    base = Files.createDirectories(tmp.resolve("project"));
    outside = Files.createDirectories(tmp.resolve("elsewhere"));
    Files.writeString(base.resolve("iris.onnx"), "model");
    Files.writeString(outside.resolve("secret"), "secret");
    files = new ModelFiles(base, List.of());
  }

  private String outsideMessage() {
    return "must name a file under a model root of this platform ("
        + base.toAbsolutePath().normalize()
        + "); aviary up --model-root adds roots";
  }

  @Test
  void a_relative_uri_resolves_against_the_base_directory() {
    assertThat(files.resolve("file:iris.onnx")).isEqualTo(base.resolve("iris.onnx"));
    assertThat(files.resolve("file:./sub/../iris.onnx")).isEqualTo(base.resolve("iris.onnx"));
    assertThat(files.check("file:iris.onnx")).isNull();
    assertThat(files.check(base.resolve("iris.onnx").toUri().toString())).isNull();
  }

  @Test
  void a_missing_file_inside_the_root_is_reported_as_missing() {
    assertThat(files.check("file:missing.onnx"))
        .isEqualTo("no such file: " + base.resolve("missing.onnx"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "file:/etc/passwd",
        "file:/etc/does-not-exist",
        "file:../../../../etc/passwd",
        "file:../../../../etc/does-not-exist",
        "file:///etc/passwd",
        "file:///etc/does-not-exist",
        "file:///tmp/../etc/shadow",
        "file:iris.onnx/../../elsewhere/secret",
        "file:../elsewhere/secret",
        "file:../elsewhere/nothing"
      })
  void a_path_outside_the_roots_gets_one_message_whether_or_not_it_exists(String uri) {
    assertThat(files.check(uri)).isEqualTo(outsideMessage());
    assertThatThrownBy(() -> files.resolve(uri)).hasMessage(outsideMessage());
  }

  @Test
  void a_symbolic_link_inside_the_root_to_a_file_outside_is_refused_like_the_file_itself()
      throws Exception {
    Files.createSymbolicLink(base.resolve("link.onnx"), outside.resolve("secret"));
    Files.createSymbolicLink(base.resolve("dangling.onnx"), outside.resolve("nothing"));
    Files.createSymbolicLink(base.resolve("dir"), outside);
    for (String uri :
        List.of("file:link.onnx", "file:dangling.onnx", "file:dir/secret", "file:dir/nothing")) {
      assertThat(files.check(uri)).as(uri).isEqualTo(outsideMessage());
    }
  }

  @Test
  void a_symbolic_link_that_stays_inside_the_root_is_followed() throws Exception {
    Files.createDirectories(base.resolve("models/v1"));
    Files.writeString(base.resolve("models/v1/model.onnx"), "model");
    Files.createSymbolicLink(base.resolve("current"), Path.of("models/v1"));
    Files.createSymbolicLink(base.resolve("models/up"), Path.of(".."));
    assertThat(files.check("file:current/model.onnx")).isNull();
    assertThat(files.check("file:models/up/iris.onnx")).isNull();
  }

  @Test
  void a_root_reached_through_a_symbolic_link_holds_its_files() throws Exception {
    Path link = Files.createSymbolicLink(tmp.resolve("project-link"), base);
    ModelFiles viaLink = new ModelFiles(link, List.of());
    assertThat(viaLink.check("file:iris.onnx")).isNull();
    assertThat(viaLink.check("file:../elsewhere/secret")).startsWith("must name a file under");
  }

  @Test
  void a_link_loop_is_refused_as_outside() throws Exception {
    Files.createSymbolicLink(base.resolve("a"), Path.of("b"));
    Files.createSymbolicLink(base.resolve("b"), Path.of("a"));
    assertThat(files.check("file:a/model.onnx")).isEqualTo(outsideMessage());
  }

  @Test
  void model_roots_replace_the_base_directory() throws Exception {
    Path models = Files.createDirectories(base.resolve("models"));
    Files.writeString(models.resolve("m.onnx"), "model");
    ModelFiles rooted = new ModelFiles(base, List.of(models, outside));
    assertThat(rooted.check("file:models/m.onnx")).isNull();
    assertThat(rooted.check("file:../elsewhere/secret")).isNull();
    assertThat(rooted.check("file:iris.onnx"))
        .isEqualTo(
            "must name a file under a model root of this platform ("
                + models
                + ", "
                + outside
                + "); aviary up --model-root adds roots");
    assertThat(rooted.check("file:models/missing.onnx"))
        .isEqualTo("no such file: " + models.resolve("missing.onnx"));
  }

  @Test
  void other_schemes_and_unusable_uris_are_refused() {
    assertThat(files.check("s3://bucket/m.onnx"))
        .isEqualTo("the embedded platform serves file: URIs only, got 's3://bucket/m.onnx'");
    assertThat(files.check("file://host/m.onnx")).startsWith("not a usable file URI");
  }

  @Test
  void a_root_must_be_a_directory() {
    assertThatThrownBy(() -> new ModelFiles(base, List.of(base.resolve("iris.onnx"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("model root " + base.resolve("iris.onnx") + " is not a directory");
  }
}
