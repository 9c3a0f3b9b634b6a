package dev.aviary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartupCacheTest {

  @TempDir Path dir;

  @Test
  void namesOnnxRuntimePlatformsLikeItsJarDoes() {
    assertThat(StartupCache.onnxRuntimePlatform("Linux", "amd64")).contains("linux-x64");
    assertThat(StartupCache.onnxRuntimePlatform("Linux", "aarch64")).contains("linux-aarch64");
    assertThat(StartupCache.onnxRuntimePlatform("Mac OS X", "x86_64")).contains("osx-x64");
    assertThat(StartupCache.onnxRuntimePlatform("Mac OS X", "aarch64")).contains("osx-aarch64");
    assertThat(StartupCache.onnxRuntimePlatform("Windows 11", "amd64")).contains("win-x64");
    assertThat(StartupCache.onnxRuntimePlatform("Linux", "s390x")).isEmpty();
    assertThat(StartupCache.onnxRuntimePlatform("FreeBSD", "amd64")).isEmpty();
  }

  @Test
  void extractsThisPlatformsNativeLibrariesAsTheyAreInTheJar() throws Exception {
    Optional<String> platform =
        StartupCache.onnxRuntimePlatform(
            System.getProperty("os.name"), System.getProperty("os.arch"));
    assertThat(platform).as("ONNX Runtime ships natives for this build machine").isPresent();

    assertThat(StartupCache.extractNativeLibraries(platform.get(), dir.resolve("native"))).isTrue();

    for (String library : new String[] {"onnxruntime", "onnxruntime4j_jni"}) {
      String file = System.mapLibraryName(library);
      try (InputStream in =
          getClass()
              .getClassLoader()
              .getResourceAsStream("ai/onnxruntime/native/" + platform.get() + "/" + file)) {
        assertThat(Files.readAllBytes(dir.resolve("native").resolve(file)))
            .isEqualTo(in.readAllBytes());
      }
    }
    try (var files = Files.list(dir.resolve("native"))) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .noneMatch(name -> name.endsWith(".tmp"));
    }
  }

  @Test
  void aPlatformWithoutLibrariesLeavesNothingBehind() throws Exception {
    assertThat(StartupCache.extractNativeLibraries("plan9-mips", dir.resolve("native"))).isFalse();
    try (var files = Files.list(dir.resolve("native"))) {
      assertThat(files).isEmpty();
    }
  }
}
