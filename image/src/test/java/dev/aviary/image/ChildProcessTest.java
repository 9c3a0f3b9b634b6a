package dev.aviary.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChildProcessTest {

  @Test
  void plain_absolute_paths_pass() {
    assertThat(ChildProcess.safe(Path.of("/usr/lib/jvm/java-17-openjdk-amd64/jmods")))
        .isEqualTo("/usr/lib/jvm/java-17-openjdk-amd64/jmods");
  }

  @Test
  void paths_that_could_be_read_as_options_or_escape_are_refused() {
    for (String bad :
        List.of("relative/x", "/tmp/-x", "/tmp/a b", "/tmp/a;rm", "/tmp/../etc", "/tmp/$(id)")) {
      assertThatThrownBy(() -> ChildProcess.safe(Path.of(bad)))
          .isInstanceOf(ImageException.class)
          .hasMessageContaining("cannot be passed to a build tool");
    }
  }

  @Test
  void a_failing_tool_is_reported_with_its_exit_status_and_output() {
    assertThatThrownBy(() -> ChildProcess.run(List.of("ldd", "/nonexistent/libx.so"), 10))
        .isInstanceOf(ImageException.class)
        .hasMessageContaining("ldd /nonexistent/libx.so failed (exit 1)");
  }
}
