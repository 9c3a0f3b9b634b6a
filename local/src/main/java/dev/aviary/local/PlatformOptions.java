package dev.aviary.local;

import dev.aviary.gateway.Loopback;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How the embedded platform runs.
 *
 * @param stateDir database and replica logs ({@code .aviary} by default)
 * @param apiHost address of the control API (loopback unless a token is set)
 * @param apiPort control API port (0 = any free port)
 * @param gatewayHost address of the user-traffic gateway
 * @param gatewayPort user-traffic port (0 = any free port)
 * @param token bearer token the control API requires (null = none, only allowed on loopback; {@code
 *     aviary up} passes the one of {@link ControlToken} unless told otherwise)
 * @param serveCommand the command that starts a model server, before the {@code serve} options
 * @param baseDir relative {@code file:} model URIs resolve against it
 * @param prometheusUrl default address of the {@code prometheus} provider, or null
 * @param grace how long a replica may take to stop after SIGTERM before SIGKILL
 * @param modelRoots the only directories {@code file:} model URIs may name files under (empty: the
 *     base directory only)
 */
public record PlatformOptions(
    Path stateDir,
    String apiHost,
    int apiPort,
    String gatewayHost,
    int gatewayPort,
    String token,
    List<String> serveCommand,
    Path baseDir,
    String prometheusUrl,
    Duration grace,
    List<Path> modelRoots) {

  /** Options whose models may only be read under {@code baseDir}. */
  public PlatformOptions(
      Path stateDir,
      String apiHost,
      int apiPort,
      String gatewayHost,
      int gatewayPort,
      String token,
      List<String> serveCommand,
      Path baseDir,
      String prometheusUrl,
      Duration grace) {
    this(
        stateDir,
        apiHost,
        apiPort,
        gatewayHost,
        gatewayPort,
        token,
        serveCommand,
        baseDir,
        prometheusUrl,
        grace,
        List.of());
  }

  public PlatformOptions {
    if (stateDir == null) {
      throw new IllegalArgumentException("stateDir is required");
    }
    apiHost = apiHost == null ? "127.0.0.1" : apiHost;
    gatewayHost = gatewayHost == null ? "127.0.0.1" : gatewayHost;
    if (serveCommand == null || serveCommand.isEmpty()) {
      throw new IllegalArgumentException("serveCommand is required");
    }
    serveCommand = List.copyOf(serveCommand);
    baseDir = baseDir == null ? Path.of("").toAbsolutePath() : baseDir.toAbsolutePath();
    grace = grace == null ? Duration.ofSeconds(30) : grace;
    modelRoots = modelRoots == null ? List.of() : List.copyOf(modelRoots);
    if (token != null && token.isBlank()) {
      token = null;
    }
    if (token == null && !Loopback.isLoopback(apiHost)) {
      throw new IllegalArgumentException(
          "the control API binds to "
              + apiHost
              + ", beyond loopback: a bearer token is required"
              + " (--token or --token-file)");
    }
  }

  /**
   * Checks that every model root is a directory, so that a caller can refuse a bad one before it
   * writes anything (the state directory, the token file).
   *
   * @throws IllegalArgumentException naming the first root that is not a directory
   */
  public static void requireModelRootDirectories(List<Path> roots) {
    for (Path r : roots) {
      Path root = r.toAbsolutePath().normalize();
      if (!Files.isDirectory(root)) {
        throw new IllegalArgumentException("model root " + root + " is not a directory");
      }
    }
  }

  public PlatformOptions withPorts(int apiPort, int gatewayPort) {
    return new PlatformOptions(
        stateDir,
        apiHost,
        apiPort,
        gatewayHost,
        gatewayPort,
        token,
        serveCommand,
        baseDir,
        prometheusUrl,
        grace,
        modelRoots);
  }

  /** These options with {@code file:} model URIs allowed under {@code roots} only. */
  public PlatformOptions withModelRoots(List<Path> roots) {
    return new PlatformOptions(
        stateDir,
        apiHost,
        apiPort,
        gatewayHost,
        gatewayPort,
        token,
        serveCommand,
        baseDir,
        prometheusUrl,
        grace,
        roots);
  }
}
