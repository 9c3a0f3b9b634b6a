package dev.aviary.cli;

import dev.aviary.local.ControlToken;
import dev.aviary.local.PlatformOptions;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The embedded platform as the CLI tests start it: loopback, free ports, a control token. */
final class TestPlatforms {
  private TestPlatforms() {}

  /** State, token and logs in {@code state}; file: URIs resolve against {@code baseDir}. */
  static PlatformOptions options(Path state, List<String> serveCommand, Path baseDir)
      throws IOException {
    return new PlatformOptions(
        state,
        "127.0.0.1",
        0,
        "127.0.0.1",
        0,
        ControlToken.readOrCreate(state),
        serveCommand,
        baseDir,
        null,
        Duration.ofSeconds(10));
  }

  /** A loopback port nothing listens on (it was free a moment ago). */
  static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
