package dev.aviary.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code docker-registry} serving on 127.0.0.1 with a free port and its storage in a
 * directory of the test, for tests that push images; stopped by {@link #close}.
 */
public final class LocalDockerRegistry implements AutoCloseable {
  private final Process process;
  private final int port;

  private LocalDockerRegistry(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts a registry under {@code dir}; {@code extraConfig} is appended to its YAML config. */
  public static LocalDockerRegistry start(Path dir, String extraConfig) throws Exception {
    int port = freePort();
    Path storage = Files.createDirectories(dir.resolve("registry-" + port));
    Path log = dir.resolve("registry-" + port + ".log");
    Path config =
        Files.writeString(
            dir.resolve("registry-" + port + ".yml"),
            "version: 0.1\n"
                + "log:\n  level: warn\n"
                + "storage:\n  filesystem:\n    rootdirectory: "
                + storage
                + "\n"
                + "http:\n  addr: 127.0.0.1:"
                + port
                + "\n"
                + extraConfig);
    Process p =
        new ProcessBuilder("/usr/bin/docker-registry", "serve", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    LocalDockerRegistry registry = new LocalDockerRegistry(p, port);
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline && p.isAlive()) {
      try {
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v2/")).build(),
            HttpResponse.BodyHandlers.discarding());
        return registry;
      } catch (IOException e) {
        Thread.sleep(100);
      }
    }
    registry.close();
    throw new AssertionError("docker-registry did not start: " + Files.readString(log));
  }

  /** {@code 127.0.0.1:PORT}, the registry part of an image reference. */
  public String host() {
    return "127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }

  /** A port nothing listens on (the registry is started on it next). */
  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
