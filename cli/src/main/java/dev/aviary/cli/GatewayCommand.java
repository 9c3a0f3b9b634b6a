package dev.aviary.cli;

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
          + " GET/PUT /config, /metrics (Prometheus) and /stats?window=60s."
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

  @Option(names = "--event-loops", description = "Traffic event loops (default: one per CPU core).")
  Integer eventLoops;

  @Option(names = "--no-watch", description = "Do not reload the routes file when it changes.")
  boolean noWatch;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

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
    GatewayOptions options =
        GatewayOptions.defaults()
            .withHost(host)
            .withPorts(port, adminPort)
            .withConfigFile(noWatch ? null : config, Duration.ofSeconds(1));
    if (eventLoops != null) {
      options = options.withEventLoops(eventLoops);
    }
    Gateway gateway;
    try {
      gateway = Gateway.start(parsed, options);
    } catch (RuntimeException e) {
      err.println("aviary gateway: cannot start on " + host + ":" + port + ": " + e.getMessage());
      return 1;
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println("aviary gateway: traffic on http://" + host + ":" + gateway.port());
    if (gateway.adminPort() > 0) {
      out.println("aviary gateway: admin API on http://" + host + ":" + gateway.adminPort());
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
}
