package dev.aviary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code aviary image build}'s answers to bad input, checked before anything is built; the builds
 * themselves run from the runnable jar in {@code ImageBuildIT}.
 */
class ImageBuildCommandTest {
  private static final String V1 =
      Path.of("..", "examples", "fraud", "models", "v1", "model.onnx").toString();

  @TempDir Path tmp;

  @Test
  void a_tag_that_is_not_an_oci_tag_is_a_usage_error_naming_the_option() {
    Run r = run("image", "build", "--file", V1, "--tag", "-bad", "--output", out());
    assertThat(r.exit).isEqualTo(2);
    assertThat(r.err)
        .startsWith("aviary image build: --tag '-bad' is not a valid image tag: expected a letter");
  }

  @Test
  void the_model_comes_from_the_registry_or_a_file_not_both_nor_neither() {
    assertThat(run("image", "build", "--output", out()).err)
        .isEqualTo(
            "aviary image build: give either NAME:VERSION (or NAME@ALIAS) or --file M.onnx\n");
    Run both = run("image", "build", "fraud:1", "--file", V1, "--output", out());
    assertThat(both.exit).isEqualTo(2);
    Run renamed = run("image", "build", "fraud:1", "--version", "3", "--output", out());
    assertThat(renamed.exit).isEqualTo(2);
    assertThat(renamed.err).contains("--name and --version are for --file");
  }

  @Test
  void output_or_push_is_required_and_a_push_target_has_no_tag() {
    Run none = run("image", "build", "--file", V1);
    assertThat(none.exit).isEqualTo(2);
    assertThat(none.err).contains("--output=IMAGE.tar").contains("--push=REGISTRY/REPO");
    Run tagged =
        run("image", "build", "--file", V1, "--push", "127.0.0.1:5000/aviary/fraud:latest");
    assertThat(tagged.exit).isEqualTo(2);
    assertThat(tagged.err)
        .startsWith(
            "aviary image build: --push '127.0.0.1:5000/aviary/fraud:latest' is not a"
                + " repository");
  }

  @Test
  void an_unknown_model_fails_with_status_1_and_names_it() {
    Run r =
        run(
            "image",
            "build",
            "fraud:7",
            "--registry",
            tmp.resolve("registry").toString(),
            "--output",
            out());
    assertThat(r.exit).as(r.err).isEqualTo(1);
    assertThat(r.err).startsWith("aviary image build: ").contains("fraud");
    assertThat(tmp.resolve("image.tar")).doesNotExist();
  }

  @Test
  void an_existing_output_file_is_kept_unless_force() throws Exception {
    Path existing = Files.writeString(tmp.resolve("image.tar"), "keep me");
    Run r = run("image", "build", "--file", V1, "--output", existing.toString());
    assertThat(r.exit).isEqualTo(1);
    assertThat(r.err)
        .isEqualTo(
            "aviary image build: --output "
                + existing
                + " exists; give --force to replace it, or another file\n");
    assertThat(existing).hasContent("keep me");
  }

  private String out() {
    return tmp.resolve("image.tar").toString();
  }

  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = AviaryCli.commandLine(args);
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }
}
