package dev.aviary.gateway;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * How a gateway runs (as opposed to what it routes): addresses, ports, event loops, optional config
 * file to watch and the clock for sliding windows.
 *
 * @param host address of the traffic port and of the metrics listener
 * @param port traffic port (0 picks a free one)
 * @param adminHost address of the admin API; loopback unless an admin token is set, because the
 *     admin API can replace the routes
 * @param adminPort admin API port (0 picks a free one, -1 means no admin server)
 * @param adminToken the bearer token every admin request must carry, or null for none
 * @param metricsPort port of the read-only listener on {@code host} serving {@code /metrics},
 *     {@code /stats} and {@code /healthz} without a token, for scrapers and probes (0 picks a free
 *     one, -1 means none)
 * @param eventLoops event loops of the Vert.x instance the gateway creates (each serves its share
 *     of client connections with its own upstream pool); a gateway started on an existing Vert.x
 *     instance uses that instance's event loops
 * @param maxConnectionsPerEndpoint upstream keep-alive pool size per endpoint and event loop
 * @param configFile a YAML/JSON file to reload when it changes, or null
 * @param watchInterval how often the file is checked
 * @param clock the clock of the sliding windows
 * @param drainTimeout on stop, how long requests in flight may take to finish
 * @param clientLimits timeouts and the connection limit of the traffic port
 */
public record GatewayOptions(
    String host,
    int port,
    String adminHost,
    int adminPort,
    String adminToken,
    int metricsPort,
    int eventLoops,
    int maxConnectionsPerEndpoint,
    Path configFile,
    Duration watchInterval,
    Clock clock,
    Duration drainTimeout,
    ClientLimits clientLimits) {

  public GatewayOptions {
    host = host == null ? "127.0.0.1" : host;
    adminHost = adminHost == null ? "127.0.0.1" : adminHost;
    if (adminToken != null && adminToken.isBlank()) {
      throw new IllegalArgumentException("adminToken must not be blank");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
    }
    if (adminPort < -1 || adminPort > 65535) {
      throw new IllegalArgumentException(
          "adminPort must be between 0 and 65535, or -1 for none, got " + adminPort);
    }
    if (metricsPort < -1 || metricsPort > 65535) {
      throw new IllegalArgumentException(
          "metricsPort must be between 0 and 65535, or -1 for none, got " + metricsPort);
    }
    if (eventLoops < 1) {
      throw new IllegalArgumentException("eventLoops must be at least 1, got " + eventLoops);
    }
    if (maxConnectionsPerEndpoint < 1) {
      throw new IllegalArgumentException(
          "maxConnectionsPerEndpoint must be at least 1, got " + maxConnectionsPerEndpoint);
    }
    watchInterval = watchInterval == null ? Duration.ofSeconds(1) : watchInterval;
    clock = clock == null ? Clock.systemUTC() : clock;
    drainTimeout = drainTimeout == null ? Duration.ofSeconds(10) : drainTimeout;
    clientLimits = clientLimits == null ? ClientLimits.defaults() : clientLimits;
    if (drainTimeout.isNegative() || watchInterval.isNegative() || watchInterval.isZero()) {
      throw new IllegalArgumentException(
          "drainTimeout must not be negative and watchInterval must be positive");
    }
  }

  /**
   * Loopback, free ports for traffic and admin, no admin token, no metrics listener, one event loop
   * per core.
   */
  public static GatewayOptions defaults() {
    return new GatewayOptions(
        "127.0.0.1",
        0,
        "127.0.0.1",
        0,
        null,
        -1,
        Runtime.getRuntime().availableProcessors(),
        256,
        null,
        null,
        null,
        null,
        null);
  }

  /** The admin API's address and bearer token (null for none). */
  public GatewayOptions withAdmin(String adminHost, String adminToken) {
    return new GatewayOptions(
        host,
        port,
        adminHost,
        adminPort,
        adminToken,
        metricsPort,
        eventLoops,
        maxConnectionsPerEndpoint,
        configFile,
        watchInterval,
        clock,
        drainTimeout,
        clientLimits);
  }

  public GatewayOptions withPorts(int port, int adminPort) {
    return new GatewayOptions(
        host,
        port,
        adminHost,
        adminPort,
        adminToken,
        metricsPort,
        eventLoops,
        maxConnectionsPerEndpoint,
        configFile,
        watchInterval,
        clock,
        drainTimeout,
        clientLimits);
  }

  /** The read-only metrics listener's port on {@link #host()}, -1 for none. */
  public GatewayOptions withMetricsPort(int metricsPort) {
    return new GatewayOptions(
        host,
        port,
        adminHost,
        adminPort,
        adminToken,
        metricsPort,
        eventLoops,
        maxConnectionsPerEndpoint,
        configFile,
        watchInterval,
        clock,
        drainTimeout,
        clientLimits);
  }

  /** The traffic port's address; the admin API stays where {@link #withAdmin} puts it. */
  public GatewayOptions withHost(String host) {
    return new GatewayOptions(
        host,
        port,
        adminHost,
        adminPort,
        adminToken,
        metricsPort,
        eventLoops,
        maxConnectionsPerEndpoint,
        configFile,
        watchInterval,
        clock,
        drainTimeout,
        clientLimits);
  }

  public GatewayOptions withEventLoops(int eventLoops) {
    return new GatewayOptions(
        host,
        port,
        adminHost,
        adminPort,
        adminToken,
        metricsPort,
        eventLoops,
        maxConnectionsPerEndpoint,
        configFile,
        watchInterval,
        clock,
        drainTimeout,
        clientLimits);
  }

  public GatewayOptions withConfigFile(Path configFile, Duration watchInterval) {
    return new GatewayOptions(
        host,
        port,
        adminHost,
        adminPort,
        adminToken,
        metricsPort,
        eventLoops,
        maxConnectionsPerEndpoint,
        configFile,
        watchInterval,
        clock,
        drainTimeout,
        clientLimits);
  }

  public GatewayOptions withDrainTimeout(Duration drainTimeout) {
    return new GatewayOptions(
        host,
        port,
        adminHost,
        adminPort,
        adminToken,
        metricsPort,
        eventLoops,
        maxConnectionsPerEndpoint,
        configFile,
        watchInterval,
        clock,
        drainTimeout,
        clientLimits);
  }

  public GatewayOptions withClock(Clock clock) {
    return new GatewayOptions(
        host,
        port,
        adminHost,
        adminPort,
        adminToken,
        metricsPort,
        eventLoops,
        maxConnectionsPerEndpoint,
        configFile,
        watchInterval,
        clock,
        drainTimeout,
        clientLimits);
  }

  /** The traffic port's timeouts and connection limit. */
  public GatewayOptions withClientLimits(ClientLimits limits) {
    return new GatewayOptions(
        host,
        port,
        adminHost,
        adminPort,
        adminToken,
        metricsPort,
        eventLoops,
        maxConnectionsPerEndpoint,
        configFile,
        watchInterval,
        clock,
        drainTimeout,
        limits);
  }
}
