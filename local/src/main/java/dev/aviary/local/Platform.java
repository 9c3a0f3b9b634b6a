package dev.aviary.local;

import dev.aviary.analysis.BuiltinSource;
import dev.aviary.analysis.Measurer;
import dev.aviary.analysis.PrometheusSource;
import dev.aviary.analysis.WebSource;
import dev.aviary.gateway.Gateway;
import dev.aviary.gateway.GatewayConfig;
import dev.aviary.gateway.GatewayOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded platform: state store, gateway, replica supervisor, control loop and control API,
 * started together. {@link #close()} stops replicas gracefully; a process that is killed instead
 * leaves its replicas running and the next platform on the same state directory adopts them.
 */
public final class Platform implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Platform.class);

  /** How long one provider request (a query, a GET, a replica scrape) may take. */
  private static final Duration MEASUREMENT_TIMEOUT = Duration.ofSeconds(10);

  private final PlatformOptions options;
  private final Store store;
  private final Gateway gateway;
  private final Supervisor supervisor;
  private final ControlLoop loop;
  private final ControlApi api;
  private AlertWatch alerts;
  private volatile boolean closed;
  private long firstEventId;

  private Platform(
      PlatformOptions options,
      Store store,
      Gateway gateway,
      Supervisor supervisor,
      ControlLoop loop,
      ControlApi api) {
    this.options = options;
    this.store = store;
    this.gateway = gateway;
    this.supervisor = supervisor;
    this.loop = loop;
    this.api = api;
  }

  public static Platform start(PlatformOptions options) {
    return start(options, AlertReceivers.NONE);
  }

  /**
   * Starts the platform; it evaluates its alert rules and sends what fires to {@code receivers}.
   */
  public static Platform start(PlatformOptions options, AlertReceivers receivers) {
    Clock clock = Clock.systemUTC();
    ModelFiles modelFiles = new ModelFiles(options.baseDir(), options.modelRoots());
    Store store = Store.open(options.stateDir().resolve("aviary.db"));
    Gateway gateway = null;
    Supervisor supervisor = null;
    ControlLoop loop = null;
    long lastEventBefore = lastEventId(store);
    try {
      try {
        gateway =
            Gateway.start(
                new GatewayConfig(java.util.List.of(), null),
                GatewayOptions.defaults()
                    .withHost(options.gatewayHost())
                    .withPorts(options.gatewayPort(), -1)
                    .withEventLoops(Math.max(1, Runtime.getRuntime().availableProcessors())));
      } catch (IllegalStateException e) {
        throw new PortUnavailableException(
            PortUnavailableException.Listener.GATEWAY,
            options.gatewayHost(),
            options.gatewayPort(),
            e);
      }
      ControlLoop[] ref = new ControlLoop[1];
      supervisor =
          new Supervisor(
              options.serveCommand(),
              options.stateDir().resolve("logs"),
              store,
              clock,
              options.grace(),
              RestartPolicy.DEFAULT,
              (deployment, reason, message, warning) -> {
                if (!message.isEmpty()) {
                  store.addEvent(
                      deployment, clock.instant(), warning ? "Warning" : "Normal", reason, message);
                }
                if (ref[0] != null) {
                  ref[0].wake();
                }
              });
      Gateway g = gateway;
      Supervisor s = supervisor;
      loop =
          new ControlLoop(
              store,
              supervisor,
              gateway,
              new PreviewPorts(options.gatewayHost()),
              new Measurer(
                  new PrometheusSource(options.prometheusUrl(), MEASUREMENT_TIMEOUT),
                  new BuiltinSource(
                      new ProcessFleet(() -> s.views(null), g::stats), clock, MEASUREMENT_TIMEOUT),
                  new WebSource(MEASUREMENT_TIMEOUT)),
              modelFiles,
              clock);
      ref[0] = loop;
      loop.start();
      supervisor.start();
      ControlApi api =
          ControlApi.start(
              options, loop, store, supervisor, g::stats, new ServedModels(modelFiles), clock);
      LOG.info(
          "aviary is up: control API http://{}:{}, gateway http://{}:{}, state {}",
          options.apiHost(),
          api.port(),
          options.gatewayHost(),
          gateway.port(),
          options.stateDir().toAbsolutePath());
      Platform p = new Platform(options, store, gateway, supervisor, loop, api);
      p.firstEventId = lastEventBefore;
      p.alerts = new AlertWatch(store, () -> s.views(null), clock, receivers);
      p.alerts.start();
      return p;
    } catch (RuntimeException e) {
      if (loop != null) {
        loop.close();
      }
      if (supervisor != null) {
        supervisor.close();
      }
      if (gateway != null) {
        gateway.close();
      }
      store.close();
      throw e;
    }
  }

  public int apiPort() {
    return api.port();
  }

  public int gatewayPort() {
    return gateway.port();
  }

  /** Id of the last event recorded before this platform started (0 on a fresh state dir). */
  public long lastEventBeforeStart() {
    return firstEventId;
  }

  private static long lastEventId(Store store) {
    java.util.List<Store.StoredEvent> all = store.events(null, 0);
    return all.isEmpty() ? 0 : all.get(all.size() - 1).id();
  }

  /** Events of every deployment after the one with id {@code afterId}, oldest first. */
  public java.util.List<Store.StoredEvent> events(long afterId) {
    return store.events(null, afterId);
  }

  public Path stateDir() {
    return options.stateDir();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    alerts.close();
    api.close();
    loop.close();
    supervisor.close();
    gateway.close();
    store.close();
  }
}
