package dev.aviary.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import sun.misc.Signal;

/**
 * Fills the start-up cache that the {@code ./aviary} launcher keeps next to the jar, so that {@code
 * aviary serve} is ready sooner:
 *
 * <ul>
 *   <li>{@code DIR/native/}: ONNX Runtime's native libraries for this platform, taken out of the
 *       jar once (the launcher passes {@code -Donnxruntime.native.path=DIR/native/}; otherwise ONNX
 *       Runtime copies 22 MB out of the jar into a temporary directory at every start);
 *   <li>the classes a model server loads, written by the JVM into a class-data sharing archive when
 *       this process exits (the launcher runs it with {@code -XX:ArchiveClassesAtExit}).
 * </ul>
 *
 * <p>The training run goes through the same path as a real start: {@code aviary serve} on a free
 * port, readiness, one inference request, a metrics scrape, then SIGTERM and a graceful stop.
 *
 * <p>Usage: {@code StartupCache DIR MODEL.onnx REQUEST.json}; exit status 0 when the server served
 * the request and stopped cleanly.
 */
public final class StartupCache {
  private static final String NATIVE_PATH = "onnxruntime.native.path";
  private static final List<String> LIBRARIES = List.of("onnxruntime", "onnxruntime4j_jni");

  private StartupCache() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: StartupCache DIR MODEL.onnx REQUEST.json");
      System.exit(2);
    }
    Path dir = Path.of(args[0]);
    Optional<String> platform =
        onnxRuntimePlatform(System.getProperty("os.name"), System.getProperty("os.arch"));
    if (platform.isPresent() && System.getProperty(NATIVE_PATH) == null) {
      Path natives = dir.resolve("native");
      if (extractNativeLibraries(platform.get(), natives)) {
        System.setProperty(NATIVE_PATH, natives.toAbsolutePath() + "/");
      }
    }
    System.exit(train(Path.of(args[1]), Files.readAllBytes(Path.of(args[2]))));
  }

  /**
   * The directory name ONNX Runtime's Java jar keeps its native libraries under for this OS and
   * architecture ({@code ai/onnxruntime/native/<platform>/}), if it ships them.
   */
  static Optional<String> onnxRuntimePlatform(String osName, String osArch) {
    String os = osName.toLowerCase(Locale.ROOT);
    String arch = osArch.toLowerCase(Locale.ROOT);
    String o;
    if (os.contains("linux")) {
      o = "linux";
    } else if (os.contains("mac") || os.contains("darwin")) {
      o = "osx";
    } else if (os.contains("windows")) {
      o = "win";
    } else {
      return Optional.empty();
    }
    String a =
        switch (arch) {
          case "amd64", "x86_64" -> "x64";
          case "aarch64", "arm64" -> "aarch64";
          default -> null;
        };
    return a == null ? Optional.empty() : Optional.of(o + "-" + a);
  }

  /**
   * Copies the libraries out of the class path; false (and nothing left behind) if one is missing.
   */
  static boolean extractNativeLibraries(String platform, Path target) throws IOException {
    Files.createDirectories(target);
    for (String library : LIBRARIES) {
      String file = System.mapLibraryName(library);
      String resource = "ai/onnxruntime/native/" + platform + "/" + file;
      try (InputStream in = StartupCache.class.getClassLoader().getResourceAsStream(resource)) {
        if (in == null) {
          for (String l : LIBRARIES) {
            Files.deleteIfExists(target.resolve(System.mapLibraryName(l)));
          }
          return false;
        }
        Path tmp = target.resolve(file + ".tmp");
        Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, target.resolve(file), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return true;
  }

  private static int train(Path model, byte[] request) throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String[] serve = {
      "serve",
      "--model",
      model.toString(),
      "--name",
      "training",
      "--host",
      "127.0.0.1",
      "--port",
      Integer.toString(port),
      "--drain-delay",
      "0",
      "--log-level",
      "warn"
    };
    CompletableFuture<Integer> exit = new CompletableFuture<>();
    Thread server =
        new Thread(
            () -> {
              try {
                exit.complete(AviaryCli.commandLine(serve).execute(serve));
              } catch (Throwable t) {
                exit.completeExceptionally(t);
              }
            },
            "startup-training");
    server.start();
    String base = "http://127.0.0.1:" + port;
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (call("GET", base + "/readyz", null) != 200) {
      if (exit.isDone() || System.nanoTime() > deadline) {
        System.err.println("startup cache: the training server did not become ready");
        return 1;
      }
      Thread.sleep(20);
    }
    int infer = call("POST", base + "/v2/models/training/infer", request);
    int metrics = call("GET", base + "/metrics", null);
    Signal.raise(new Signal("TERM"));
    int code = exit.get(1, TimeUnit.MINUTES);
    if (infer != 200 || metrics != 200 || code != 0) {
      System.err.printf(
          "startup cache: training run failed (infer %d, metrics %d, exit %d)%n",
          infer, metrics, code);
      return 1;
    }
    return 0;
  }

  /** The status of one request, or -1 when it could not be made. */
  private static int call(String method, String url, byte[] body) {
    try {
      HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
      c.setRequestMethod(method);
      c.setConnectTimeout(2000);
      c.setReadTimeout(30_000);
      if (body != null) {
        c.setDoOutput(true);
        c.setRequestProperty("Content-Type", "application/json");
        try (OutputStream out = c.getOutputStream()) {
          out.write(body);
        }
      }
      int status = c.getResponseCode();
      try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
        if (in != null) {
          in.readAllBytes();
        }
      }
      return status;
    } catch (IOException e) {
      return -1;
    }
  }
}
