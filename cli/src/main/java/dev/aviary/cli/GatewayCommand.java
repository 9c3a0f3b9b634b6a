package dev.aviary.cli;

import dev.aviary.gateway.ClientLimits;
import dev.aviary.gateway.ConfigCodec;
import dev.aviary.gateway.ConfigException;
import dev.aviary.gateway.Gateway;
import dev.aviary.gateway.GatewayConfig;
import dev.aviary.gateway.GatewayOptions;
import dev.aviary.server.ServerLogging;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code aviary gateway}: runs the traffic gateway from a routes file until stopped. */
@Command(
    name = "gateway",
    mixinStandardHelpOptions = true,
    description = {
      "Run the traffic gateway: weighted splits, header routes, sticky sessions, shadow traffic,"
          + " retries and outlier ejection in front of model servers.",
      "The routes file is watched and reloaded when it changes; the admin port serves"
          + " GET/PUT /config, /metrics (Prometheus) and /stats?window=60s. The admin API listens"
          + " on 127.0.0.1 whatever --host is; another --admin-host needs an admin token."
    })
public final class GatewayCommand implements Callable<Integer> {

  @Option(
      names = "--config",
      required = true,
      paramLabel = "FILE",
      description = "Routes file (YAML or JSON).")
  Path config;

  @Option(
      names = "--port",
      defaultValue = "8080",
      description = "Traffic port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--admin-port",
      defaultValue = "8081",
      description = "Admin API port, -1 for none (default: ${DEFAULT-VALUE}).")
  int adminPort;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description =
          "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for every interface).")
  String host;

  @Option(
      names = "--metrics-port",
      defaultValue = "-1",
      description =
          "Read-only port on --host serving GET /metrics, /stats and /healthz without a token, for"
              + " scrapers and probes; -1 for none (default: ${DEFAULT-VALUE}).")
  int metricsPort;

  @Option(
      names = "--admin-host",
      defaultValue = "127.0.0.1",
      description =
          "Address of the admin API (default: ${DEFAULT-VALUE}, whatever --host is); an address"
              + " beyond loopback needs an admin token.")
  String adminHost;

  @Option(
      names = "--admin-token",
      paramLabel = "TOKEN",
      defaultValue = "${env:AVIARY_GATEWAY_ADMIN_TOKEN}",
      description =
          "Bearer token every admin request must carry (default: $AVIARY_GATEWAY_ADMIN_TOKEN;"
              + " none). Prefer --admin-token-file: a command line is visible to other users.")
  String adminToken;

  @Option(
      names = "--admin-token-file",
      paramLabel = "FILE",
      description = "File holding the admin bearer token (surrounding whitespace is ignored).")
  Path adminTokenFile;

  @Option(names = "--event-loops", description = "Traffic event loops (default: one per CPU core).")
  Integer eventLoops;

  @Option(names = "--no-watch", description = "Do not reload the routes file when it changes.")
  boolean noWatch;

  @Option(
      names = "--idle-timeout",
      converter = ServeCommand.DurationConverter.class,
      description = "Close a client connection with no request begun after this (default: 75s).")
  Duration idleTimeout;

  @Option(
      names = "--header-timeout",
      converter = ServeCommand.DurationConverter.class,
      description =
          "Answer 408 when a request's head has not arrived this long after its first byte"
              + " (default: 10s).")
  Duration headerTimeout;

  @Option(
      names = "--body-timeout",
      converter = ServeCommand.DurationConverter.class,
      description =
          "Answer 408 when a request's body has not arrived this long after its head (default:"
              + " 60s).")
  Duration bodyTimeout;

  @Option(
      names = "--max-connections",
      description =
          "Client connections open at once; at the limit a new one replaces the longest-idle"
              + " one, or gets 503 (default: half the process's file descriptor limit).")
  Integer maxConnections;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private ClientLimits clientLimits() {
    ClientLimits limits = ClientLimits.defaults();
    try {
      if (idleTimeout != null) {
        limits = limits.withIdleTimeout(idleTimeout);
      }
      if (headerTimeout != null) {
        limits = limits.withHeadTimeout(headerTimeout);
      }
      if (bodyTimeout != null) {
        limits = limits.withBodyTimeout(bodyTimeout);
      }
      if (maxConnections != null) {
        limits = limits.withMaxConnections(maxConnections);
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          e.getMessage()
              .replace("idleTimeout", "--idle-timeout")
              .replace("headTimeout", "--header-timeout")
              .replace("bodyTimeout", "--body-timeout")
              .replace("maxConnections", "--max-connections"),
          e);
    }
    return limits;
  }

  @Override
  public Integer call() {
    ServerLogging.configure("info", "aviary-gateway");
    PrintWriter err = spec.commandLine().getErr();
    String text;
    try {
      text = Files.readString(config);
    } catch (NoSuchFileException e) {
      err.println("aviary gateway: --config " + config + ": no such file");
      return 2;
    } catch (IOException e) {
      err.println("aviary gateway: --config " + config + ": cannot read it: " + e.getMessage());
      return 2;
    }
    GatewayConfig parsed;
    try {
      parsed = ConfigCodec.parse(text);
    } catch (ConfigException e) {
      err.println("aviary gateway: " + config + " is not a valid gateway configuration:");
      e.problems().forEach(p -> err.println("  " + p));
      return 2;
    }
    String token;
    GatewayOptions options;
    try {
      token = adminToken();
      options =
          GatewayOptions.defaults()
              .withAdmin(adminHost, token)
              .withHost(host)
              .withPorts(port, adminPort)
              .withMetricsPort(metricsPort)
              .withConfigFile(noWatch ? null : config, Duration.ofSeconds(1));
      if (eventLoops != null) {
        options = options.withEventLoops(eventLoops);
      }
      options = options.withClientLimits(clientLimits());
    } catch (IllegalArgumentException e) {
      err.println("aviary gateway: " + e.getMessage());
      return 2;
    }
    Gateway gateway;
    try {
      gateway = Gateway.start(parsed, options);
    } catch (IllegalArgumentException e) {
      err.println("aviary gateway: --admin-host " + adminHost + ": " + e.getMessage());
      return 2;
    } catch (RuntimeException e) {
      err.println("aviary gateway: cannot start on " + host + ":" + port + ": " + e.getMessage());
      return 1;
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println("aviary gateway: traffic on http://" + host + ":" + gateway.port());
    if (gateway.adminPort() > 0) {
      out.println(
          "aviary gateway: admin API on http://"
              + adminHost
              + ":"
              + gateway.adminPort()
              + (token == null ? "" : " (bearer token required)"));
    }
    if (gateway.metricsPort() > 0) {
      out.println(
          "aviary gateway: metrics on http://" + host + ":" + gateway.metricsPort() + "/metrics");
    }
    out.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  gateway.close();
                  stopped.countDown();
                }));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  /** The token from --admin-token-file, else --admin-token or its variable, else null. */
  private String adminToken() {
    if (adminTokenFile != null) {
      if (adminToken != null && !adminToken.isBlank()) {
        throw new IllegalArgumentException(
            "give the admin token once: --admin-token-file or --admin-token"
                + " ($AVIARY_GATEWAY_ADMIN_TOKEN), not both");
      }
      String text;
      try {
        text = Files.readString(adminTokenFile).strip();
      } catch (NoSuchFileException e) {
        throw new IllegalArgumentException(
            "--admin-token-file " + adminTokenFile + ": no such file");
      } catch (IOException e) {
        throw new IllegalArgumentException(
            "--admin-token-file " + adminTokenFile + ": cannot read it: " + e.getMessage());
      }
      if (text.isEmpty()) {
        throw new IllegalArgumentException(
            "--admin-token-file " + adminTokenFile + ": the file is empty, expected a token");
      }
      return text;
    }
    if (adminToken == null || adminToken.isBlank()) {
      return null;
    }
    return adminToken.strip();
  }
}
