package dev.aviary.operator;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A real HTTP server on 127.0.0.1 speaking the Prometheus query API ({@code /api/v1/query}): the
 * test decides the value of each PromQL query.
 */
final class FakePrometheus implements AutoCloseable {
  private final HttpServer server;
  final List<String> queries = new CopyOnWriteArrayList<>();
  volatile Function<String, Double> values = q -> 0.0;

  FakePrometheus() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/api/v1/query",
        ex -> {
          String raw = ex.getRequestURI().getRawQuery();
          String q = "";
          for (String part : raw == null ? new String[0] : raw.split("&")) {
            if (part.startsWith("query=")) {
              q = URLDecoder.decode(part.substring(6), StandardCharsets.UTF_8);
            }
          }
          queries.add(q);
          String body;
          int code = 200;
          if (q.isBlank()) {
            code = 400;
            body = "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"empty query\"}";
          } else {
            Double v = values.apply(q);
            body =
                "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":"
                    + (v == null
                        ? "[]"
                        : "[{\"metric\":{},\"value\":[1767225600.0,\"" + v + "\"]}]")
                    + "}}";
          }
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().add("Content-Type", "application/json");
          ex.sendResponseHeaders(code, bytes.length);
          ex.getResponseBody().write(bytes);
          ex.close();
        });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
