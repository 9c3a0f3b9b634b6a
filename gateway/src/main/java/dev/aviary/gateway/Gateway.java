package dev.aviary.gateway;

import dev.aviary.gateway.GatewayStats.MirrorFigures;
import dev.aviary.gateway.GatewayStats.RevisionWindow;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.internal.VertxInternal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running gateway. Start one with a configuration, {@link #apply} new configurations (each takes
 * effect atomically for the next request; requests in flight finish on the one they started with),
 * read {@link #stats}, and {@link #close} it.
 */
public final class Gateway implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

  private final Vertx vertx;
  private final boolean ownsVertx;
  private final GatewayOptions options;
  private final GatewayCore core;
  private ProxyServer proxy;
  private HttpServer admin;
  private HttpServer metrics;
  private long watchTimer = -1;
  private volatile String lastFileText;
  private Future<Void> stopped;

  private Gateway(Vertx vertx, boolean ownsVertx, GatewayOptions options, GatewayCore core) {
    this.vertx = vertx;
    this.ownsVertx = ownsVertx;
    this.options = options;
    this.core = core;
  }

  /**
   * Starts a gateway on its own Vert.x instance and waits until it listens.
   *
   * @throws ConfigException when the configuration is invalid
   * @throws IllegalArgumentException when the admin API would listen beyond loopback without a
   *     token
   * @throws IllegalStateException when a port cannot be bound
   */
  public static Gateway start(GatewayConfig config, GatewayOptions options) {
    Vertx vertx =
        Vertx.vertx(new VertxOptions().setEventLoopPoolSize(Math.max(1, options.eventLoops())));
    try {
      return await(start(vertx, true, config, options));
    } catch (RuntimeException e) {
      vertx.close();
      throw e;
    }
  }

  /** Starts a gateway on an existing Vert.x instance (which the gateway will not close). */
  public static Future<Gateway> start(Vertx vertx, GatewayConfig config, GatewayOptions options) {
    return start(vertx, false, config, options);
  }

  private static Future<Gateway> start(
      Vertx vertx, boolean ownsVertx, GatewayConfig config, GatewayOptions options) {
    GatewayCore core;
    try {
      if (options.adminPort() >= 0) {
        AdminAccess.checkBinding(options.adminHost(), options.adminToken());
      }
      core = new GatewayCore(ConfigValidator.validate(config), new Metrics(options.clock()));
    } catch (ConfigException | IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    Gateway gateway = new Gateway(vertx, ownsVertx, options, core);
    return gateway
        .deployProxies()
        .compose(
            v ->
                gateway
                    .startAdmin()
                    .compose(x -> gateway.startMetrics())
                    // A port that cannot be bound must not leave the others open.
                    .recover(e -> gateway.closeListeners(0).transform(x -> Future.failedFuture(e))))
        .map(v -> gateway.watch());
  }

  private Future<Void> deployProxies() {
    return ProxyServer.start(
            (VertxInternal) vertx,
            core,
            options.host(),
            options.port(),
            options.maxConnectionsPerEndpoint(),
            options.clientLimits())
        .map(
            server -> {
              proxy = server;
              return null;
            });
  }

  private Future<Void> startAdmin() {
    if (options.adminPort() < 0) {
      return Future.succeededFuture();
    }
    return AdminServer.admin(
            vertx, this, options.adminHost(), options.adminPort(), options.adminToken())
        .map(
            server -> {
              admin = server;
              return null;
            });
  }

  private Future<Void> startMetrics() {
    if (options.metricsPort() < 0) {
      return Future.succeededFuture();
    }
    return AdminServer.metrics(vertx, this, options.host(), options.metricsPort())
        .map(
            server -> {
              metrics = server;
              return null;
            });
  }

  private Future<Void> closeListeners(long drainMillis) {
    Future<Void> adminClosed = admin == null ? Future.succeededFuture() : admin.close();
    Future<Void> metricsClosed = metrics == null ? Future.succeededFuture() : metrics.close();
    return Future.join(adminClosed, metricsClosed).transform(x -> proxy.stop(drainMillis));
  }

  private Gateway watch() {
    if (options.configFile() == null) {
      return this;
    }
    lastFileText = readConfigFile();
    watchTimer =
        vertx.setPeriodic(
            options.watchInterval().toMillis(),
            id -> vertx.executeBlocking(this::readConfigFile, false).onSuccess(this::fileChanged));
    return this;
  }

  private String readConfigFile() {
    try {
      return Files.readString(options.configFile());
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      LOG.warn("cannot read gateway configuration {}: {}", options.configFile(), e.toString());
      return null;
    }
  }

  private void fileChanged(String text) {
    if (text == null || text.equals(lastFileText)) {
      return;
    }
    lastFileText = text;
    try {
      apply(ConfigCodec.parse(text));
      LOG.info("applied gateway configuration from {}", options.configFile());
    } catch (ConfigException e) {
      rejectedReload();
      LOG.warn(
          "kept the previous gateway configuration: {} has problems: {}",
          options.configFile(),
          e.problems());
    }
  }

  /**
   * Validates and applies a configuration; the next request uses it.
   *
   * @throws ConfigException naming every problem (the current configuration stays)
   */
  public void apply(GatewayConfig config) {
    core.apply(config);
    core.metrics.reloadsApplied.increment();
  }

  void rejectedReload() {
    core.metrics.reloadsRejected.increment();
  }

  /** The configuration in force. */
  public GatewayConfig config() {
    return core.table().config;
  }

  /** Figures per revision of the current configuration over the last {@code window}. */
  public GatewayStats stats(Duration window) {
    RoutingTable table = core.table();
    List<RevisionWindow> revisions = new ArrayList<>();
    List<MirrorFigures> mirrors = new ArrayList<>();
    for (GatewayConfig.Route route : table.config.routes()) {
      for (GatewayConfig.Revision rev : route.revisions()) {
        RevisionStats s = core.metrics.revision(route.name(), rev.name());
        SlidingWindow.Snapshot w = s.window.snapshot(window);
        revisions.add(
            new RevisionWindow(
                route.name(),
                rev.name(),
                rev.weight(),
                w.requests(),
                w.successes(),
                w.outcomes(),
                w.successRate(),
                w.p50Ms(),
                w.p90Ms(),
                w.p95Ms(),
                w.p99Ms(),
                s.inFlight.intValue()));
        if (route.mirror() != null && !route.mirror().revision().equals(rev.name())) {
          MirrorStats.Snapshot m =
              core.metrics
                  .mirror(route.name(), rev.name(), route.mirror().revision())
                  .window
                  .snapshot(window);
          mirrors.add(
              new MirrorFigures(
                  route.name(),
                  rev.name(),
                  route.mirror().revision(),
                  m.sent(),
                  m.dropped(),
                  m.errors(),
                  m.uncomparable(),
                  m.compared(),
                  m.labelRows(),
                  m.agreement(),
                  m.meanDiff(),
                  m.maxDiff()));
        }
      }
    }
    return new GatewayStats(window, revisions, mirrors);
  }

  /** All meters in the Prometheus text format (what the admin API serves at {@code /metrics}). */
  public String prometheusText() {
    return core.metrics.scrape();
  }

  /** The traffic port. */
  public int port() {
    return proxy.port();
  }

  /** The admin API's address (see {@link GatewayOptions#adminHost()}). */
  public String adminHost() {
    return options.adminHost();
  }

  /** The admin API port, or -1 when there is no admin server. */
  public int adminPort() {
    return admin == null ? -1 : admin.actualPort();
  }

  /** The read-only metrics listener's port, or -1 when there is none. */
  public int metricsPort() {
    return metrics == null ? -1 : metrics.actualPort();
  }

  /**
   * Stops listening, lets requests in flight finish (up to the options' drain timeout) and closes
   * upstream connections. A Vert.x instance the gateway created is closed by {@link #close()}, not
   * here.
   */
  public synchronized Future<Void> stop() {
    if (stopped == null) {
      if (watchTimer >= 0) {
        vertx.cancelTimer(watchTimer);
      }
      stopped = closeListeners(options.drainTimeout().toMillis());
    }
    return stopped;
  }

  /** {@link #stop()} and wait; also closes the gateway's own Vert.x instance. */
  @Override
  public void close() {
    try {
      await(stop());
    } finally {
      if (ownsVertx) {
        await(vertx.close());
      }
    }
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("timed out", e);
    }
  }
}
