package dev.aviary.cli.demo;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An {@code aviary serve} child process started from the same jar (or class path) as this one,
 * with its output going to a log file.
 */
final class ServerChild implements AutoCloseable {

  private final Process process;
  private final int port;
  private final Path log;

  private ServerChild(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  static ServerChild start(List<String> serveArgs, Path log) throws IOException {
    int port = freeLoopbackPort();
    List<String> command = new ArrayList<>(selfCommand());
    command.add("serve");
    command.addAll(serveArgs);
    command.addAll(List.of("--host", "127.0.0.1", "--port", Integer.toString(port)));
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
            .start();
    return new ServerChild(process, port, log);
  }

  URI baseUri() {
    return URI.create("http://127.0.0.1:" + port);
  }

  long pid() {
    return process.pid();
  }

  Path log() {
    return log;
  }

  /** Polls {@code /readyz} until it answers 200; fails early when the process dies. */
  void awaitReady(HttpClient http, Duration timeout) throws IOException, InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    HttpRequest probe =
        HttpRequest.newBuilder(baseUri().resolve("/readyz")).timeout(Duration.ofSeconds(2)).build();
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IOException(
            "the model server exited with code "
                + process.exitValue()
                + "; the end of its log "
                + log
                + ":\n"
                + tail(log, 20));
      }
      try {
        if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notListeningYet) {
        // the port opens a moment after the process starts
      }
      Thread.sleep(200);
    }
    throw new IOException("the model server was not ready within " + timeout + "; see " + log);
  }

  /** Sends SIGTERM and waits for the graceful drain to finish; returns the exit code. */
  int terminate(Duration timeout) throws InterruptedException {
    process.destroy();
    if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      return process.exitValue();
    }
    process.destroyForcibly().waitFor();
    return -1;
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }

  /** The same JVM and class path as this process (the runnable jar, or a test class path). */
  private static List<String> selfCommand() {
    String java = ProcessHandle.current().info().command().orElse("java");
    return List.of(
        java, "-cp", System.getProperty("java.class.path"), "dev.aviary.cli.AviaryCli");
  }

  private static String tail(Path file, int lines) {
    try {
      List<String> all = java.nio.file.Files.readAllLines(file);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }

  private static int freeLoopbackPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
