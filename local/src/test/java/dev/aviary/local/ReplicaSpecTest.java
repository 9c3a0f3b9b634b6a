package dev.aviary.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aviary.engine.Revision;
import dev.aviary.spec.ModelRef;
import dev.aviary.spec.ServerSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a replica is started with. Specs are checked when applied; a revision that got into the
 * store another way (an older version, a hand-edited database) is still refused here.
 */
class ReplicaSpecTest {
  @TempDir Path base;

  private ReplicaSpec of(String uri, ServerSettings server) {
    return ReplicaSpec.of(
        "fraud",
        new Revision("abc123", 1, new ModelRef("fraud", "1", uri), server),
        new ModelFiles(base, List.of()));
  }

  @Test
  void an_allowed_revision_runs_its_model_with_the_spec_args_after_the_platforms_own()
      throws Exception {
    Files.writeString(base.resolve("m.onnx"), "model");
    ReplicaSpec r =
        of(
            "file:m.onnx",
            new ServerSettings(
                List.of("--max-batch-size", "8"), Map.of("AVIARY_LOG_LEVEL", "debug"), null, null));
    assertThat(r.model()).isEqualTo(base.resolve("m.onnx"));
    assertThat(r.serveArgs(9000))
        .startsWith("--model", base.resolve("m.onnx").toString())
        .endsWith("--port", "9000", "--max-batch-size", "8");
    assertThat(r.env()).containsExactly(Map.entry("AVIARY_LOG_LEVEL", "debug"));
  }

  @Test
  void a_baseline_under_the_roots_is_passed_to_the_server() throws Exception {
    Files.writeString(base.resolve("m.onnx"), "model");
    ReplicaSpec r =
        ReplicaSpec.of(
            "fraud",
            new Revision(
                "abc123",
                1,
                new ModelRef("fraud", "1", "file:m.onnx", "file:baseline.json"),
                ServerSettings.DEFAULT),
            new ModelFiles(base, List.of()));
    assertThat(r.serveArgs(9000))
        .containsSequence("--port", "9000", "--baseline", base.resolve("baseline.json").toString());
    assertThat(of("file:m.onnx", ServerSettings.DEFAULT).serveArgs(9000))
        .doesNotContain("--baseline");
  }

  @Test
  void a_baseline_outside_the_roots_is_not_run() {
    assertThatThrownBy(
            () ->
                ReplicaSpec.of(
                    "fraud",
                    new Revision(
                        "abc123",
                        1,
                        new ModelRef("fraud", "1", "file:m.onnx", "file:/etc/passwd"),
                        ServerSettings.DEFAULT),
                    new ModelFiles(base, List.of())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("spec.model.baseline: ");
  }

  @Test
  void a_stored_revision_with_a_refused_variable_is_not_run() {
    ServerSettings server =
        new ServerSettings(
            List.of(), Map.of("JAVA_TOOL_OPTIONS", "-XX:OnOutOfMemoryError=id"), null, null);
    assertThatThrownBy(() -> of("file:m.onnx", server))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "revision abc123 is not run: spec.server.env.JAVA_TOOL_OPTIONS: not allowed");
  }

  @Test
  void a_stored_revision_with_a_model_outside_the_roots_is_not_run() {
    assertThatThrownBy(() -> of("file:/etc/passwd", ServerSettings.DEFAULT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("spec.model.uri: must name a file under a model root");
  }
}
