package dev.aviary.bench;

import io.vertx.core.Deployable;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The ceiling of the benchmarks: the same HTTP stack as the model server (Vert.x HTTP servers on
 * native epoll, one event loop per CPU, as the model server has them, keep-alive, whole bodies
 * read) answering every request with a constant JSON body, with no decoding and no inference.
 * Usage: {@code CeilingServer PORT RESPONSE.json}.
 */
public final class CeilingServer {
  private CeilingServer() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: CeilingServer PORT RESPONSE.json");
      System.exit(2);
    }
    int port = Integer.parseInt(args[0]);
    Buffer response = Buffer.buffer(Files.readAllBytes(Path.of(args[1])));
    // Native epoll when available, like the model server.
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
    // One server per CPU, each on its own event loop (one per deployment); they share the port.
    Deployable server =
        context ->
            vertx
                .createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port))
                .requestHandler(
                    req ->
                        req.body()
                            .onComplete(
                                body ->
                                    req.response()
                                        .putHeader("Content-Type", "application/json")
                                        .end(response)))
                .listen();
    for (int i = 0; i < Math.max(1, Runtime.getRuntime().availableProcessors()); i++) {
      vertx
          .deployVerticle(server)
          .toCompletionStage()
          .toCompletableFuture()
          .get(30, TimeUnit.SECONDS);
    }
    System.out.println("ceiling server listening on 127.0.0.1:" + port);
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
    stop.await();
  }
}
