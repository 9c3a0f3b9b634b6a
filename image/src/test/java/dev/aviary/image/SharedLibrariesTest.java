package dev.aviary.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SharedLibrariesTest {

  @Test
  void resolved_libraries_and_the_loader_are_taken_the_vdso_is_not() {
    String ldd =
        """
        \tlinux-vdso.so.1 (0x00007ffd2a1f2000)
        \tlibstdc++.so.6 => /lib/x86_64-linux-gnu/libstdc++.so.6 (0x00007f3b1c000000)
        \tlibjli.so => /opt/jre/bin/../lib/libjli.so (0x00007f3b1c400000)
        \tlibjvm.so => not found
        \t/lib64/ld-linux-x86-64.so.2 (0x00007f3b1c6b1000)
        """;
    assertThat(SharedLibraries.parse(ldd, Set.of("libjvm.so"), "libjava.so"))
        .containsExactly(
            Path.of("/lib/x86_64-linux-gnu/libstdc++.so.6"),
            Path.of("/opt/jre/bin/../lib/libjli.so"),
            Path.of("/lib64/ld-linux-x86-64.so.2"));
  }

  @Test
  void a_versioned_name_of_a_provided_library_counts_as_provided() {
    assertThat(
            SharedLibraries.parse(
                "\tlibonnxruntime.so.1 => not found\n", Set.of("libonnxruntime.so"), "jni.so"))
        .isEmpty();
  }

  @Test
  void a_missing_system_library_is_an_error_naming_it() {
    assertThatThrownBy(
            () ->
                SharedLibraries.parse(
                    "\tlibgomp.so.1 => not found\n", Set.of("libjvm.so"), "/x/libonnxruntime.so"))
        .isInstanceOf(ImageException.class)
        .hasMessage(
            "/x/libonnxruntime.so needs libgomp.so.1, which is not installed on this machine");
  }
}
