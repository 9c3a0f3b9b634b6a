package dev.aviary.gateway;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.internal.ContextInternal;
import java.util.concurrent.TimeUnit;

/** One event loop's traffic server and its own pooled keep-alive upstream client. */
final class ProxyVerticle extends VerticleBase {
  private final GatewayCore core;
  private final String host;
  private final int port;
  private final int poolSize;
  private final long drainMillis;
  private HttpServer server;
  private HttpClient client;

  ProxyVerticle(GatewayCore core, String host, int port, int poolSize, long drainMillis) {
    this.core = core;
    this.host = host;
    this.port = port;
    this.poolSize = poolSize;
    this.drainMillis = drainMillis;
  }

  @Override
  public Future<?> start() {
    client =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setKeepAlive(true)
                .setTcpNoDelay(true)
                .setDecompressionSupported(false),
            new PoolOptions().setHttp1MaxSize(poolSize).setMaxWaitQueueSize(-1));
    ProxyHandler handler = new ProxyHandler(core, client, vertx, (ContextInternal) context);
    server =
        vertx
            .createHttpServer(
                new HttpServerOptions()
                    .setHost(host)
                    .setPort(port)
                    .setTcpNoDelay(true)
                    .setStrictThreadMode(true)
                    .setHandle100ContinueAutomatically(true))
            .connectionHandler(handler::connected)
            .requestHandler(handler)
            .invalidRequestHandler(ProxyHandler::invalidRequest);
    return server.listen();
  }

  int actualPort() {
    return server.actualPort();
  }

  /**
   * Stops accepting connections and lets requests in flight finish (up to the drain timeout), then
   * closes the upstream pool (abandoning mirror copies still pending: they are best effort).
   */
  @Override
  public Future<?> stop() {
    return server.shutdown(drainMillis, TimeUnit.MILLISECONDS).eventually(() -> client.close());
  }
}
