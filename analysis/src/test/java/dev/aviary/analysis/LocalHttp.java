package dev.aviary.analysis;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A real HTTP server on 127.0.0.1 (a free port) answering every GET with the reply the test chooses
 * from the request path and query.
 */
public final class LocalHttp implements AutoCloseable {
  public record Reply(int status, String body) {}

  private final HttpServer server;
  private final int port;
  public volatile Function<String, Reply> reply = path -> new Reply(200, "{}");

  public LocalHttp() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext(
        "/",
        ex -> {
          Reply r = reply.apply(ex.getRequestURI().toString());
          byte[] b = r.body().getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(r.status(), b.length == 0 ? -1 : b.length);
          ex.getResponseBody().write(b);
          ex.close();
        });
    server.start();
    port = server.getAddress().getPort();
  }

  /** The port, also after {@link #close}: then nothing listens on it. */
  public int port() {
    return port;
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
