package dev.aviary.server;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;
import sun.misc.Signal;

/**
 * Runs a {@link ModelServer} as the main job of a process: SIGTERM and SIGINT start a graceful
 * drain, and {@link #run} returns the exit code once it is done. Handling the signal (rather than
 * relying on a shutdown hook alone) is what lets the process exit 0 instead of 143; a shutdown hook
 * stays as a fallback for other ways the JVM is asked to exit.
 */
public final class ServerProcess {
  private static final Logger LOG = LoggerFactory.getLogger(ServerProcess.class);

  private ServerProcess() {}

  /**
   * Starts the server and blocks until it has drained and stopped.
   *
   * @return 0 after a clean drain; 1 if the server could not start or requests were cut off
   */
  public static int run(ServerConfig config) {
    // Everything this process logs goes through the one JSON log, java.util.logging included.
    if (!SLF4JBridgeHandler.isInstalled()) {
      SLF4JBridgeHandler.removeHandlersForRootLogger();
      SLF4JBridgeHandler.install();
    }
    ModelServer server;
    try {
      server = ModelServer.start(config);
    } catch (RuntimeException e) {
      LOG.error("cannot start the model server: {}", e.getMessage(), e);
      return 1;
    }
    CompletableFuture<Boolean> done = new CompletableFuture<>();
    AtomicBoolean begun = new AtomicBoolean();
    Runnable drain =
        () -> {
          if (begun.compareAndSet(false, true)) {
            Thread t =
                new Thread(
                    () -> {
                      boolean clean = false;
                      try {
                        clean = server.drainAndStop();
                      } catch (Throwable e) {
                        // Even if logging fails too (say, the jar was replaced under a running
                        // process), the finally below still lets the process exit.
                        LOG.error("shutdown failed", e);
                      } finally {
                        done.complete(clean);
                      }
                    },
                    "aviary-drain");
            t.start();
          }
        };
    for (String name : new String[] {"TERM", "INT"}) {
      try {
        Signal.handle(
            new Signal(name),
            s -> {
              LOG.info("received SIG{}: starting graceful shutdown", s.getName());
              drain.run();
            });
      } catch (IllegalArgumentException e) {
        LOG.warn("cannot handle SIG{} on this platform: {}", name, e.getMessage());
      }
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  drain.run();
                  try {
                    done.get(config.shutdownTimeout().toMillis() + 5000, TimeUnit.MILLISECONDS);
                  } catch (Exception e) {
                    // The JVM is going down either way.
                  }
                },
                "aviary-shutdown-hook"));
    return done.join() ? 0 : 1;
  }
}
