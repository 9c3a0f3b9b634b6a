package dev.aviary.server;

import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One port served by several event loops. A Vert.x server created outside a verticle runs on a
 * single event loop, which then does all the network and request work on one core; servers
 * listening on the same port from different event loops share the socket and take turns accepting
 * connections.
 */
final class HttpServers {
  private static final AtomicInteger RANDOM_PORTS = new AtomicInteger();
  private final List<HttpServer> servers;

  private HttpServers(List<HttpServer> servers) {
    this.servers = servers;
  }

  /** Event loops serving each port when none is configured: one per CPU. */
  static int defaultLoops() {
    return Math.max(1, Runtime.getRuntime().availableProcessors());
  }

  /**
   * Listens on {@code options}' port (0 picks a free one, shared by all) from {@code loops} event
   * loops; blocks until all listen.
   *
   * @throws Exception the first bind failure
   */
  static HttpServers listen(
      Vertx vertx, int loops, HttpServerOptions options, Handler<HttpServerRequest> handler)
      throws Exception {
    // Port 0 becomes a negative number, unique per port of this Vert.x instance: Vert.x picks one
    // free port for it and shares it among the servers listening on the same negative number.
    int port = options.getPort() == 0 ? -RANDOM_PORTS.incrementAndGet() : options.getPort();
    HttpServerOptions shared = new HttpServerOptions(options).setPort(port);
    List<HttpServer> servers = new ArrayList<>();
    try {
      for (int i = 0; i < loops; i++) {
        servers.add(listenOnNewLoop(vertx, shared, handler));
      }
    } catch (Exception e) {
      servers.forEach(HttpServer::close);
      throw e;
    }
    return new HttpServers(servers);
  }

  private static HttpServer listenOnNewLoop(
      Vertx vertx, HttpServerOptions options, Handler<HttpServerRequest> handler) throws Exception {
    // Each deployment gets a context on the next event loop; the server is bound to it.
    Promise<HttpServer> bound = Promise.promise();
    Deployable listener =
        context -> {
          HttpServer s = vertx.createHttpServer(options).requestHandler(handler);
          return s.listen().onComplete(bound);
        };
    vertx.deployVerticle(listener).onFailure(bound::tryFail);
    return bound.future().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  int actualPort() {
    return servers.get(0).actualPort();
  }

  /** Stops accepting connections and lets requests in flight finish within the timeout. */
  Future<Void> shutdown(long timeout, TimeUnit unit) {
    List<Future<Void>> all = new ArrayList<>();
    servers.forEach(s -> all.add(s.shutdown(timeout, unit)));
    return Future.all(all).mapEmpty();
  }
}
