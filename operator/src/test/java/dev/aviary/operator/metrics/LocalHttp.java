package dev.aviary.operator.metrics;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/** A real HTTP server on 127.0.0.1 answering every GET with the body the test chooses. */
final class LocalHttp implements AutoCloseable {
  record Reply(int status, String body) {}

  private final HttpServer server;
  volatile Function<String, Reply> reply = path -> new Reply(200, "{}");

  LocalHttp() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        ex -> {
          Reply r = reply.apply(ex.getRequestURI().toString());
          byte[] b = r.body().getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(r.status(), b.length);
          ex.getResponseBody().write(b);
          ex.close();
        });
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  String url() {
    return "http://127.0.0.1:" + port();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
