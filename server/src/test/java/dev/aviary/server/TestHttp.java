package dev.aviary.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A small HTTP client over real loopback sockets. */
final class TestHttp {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final int port;

  TestHttp(int port) {
    this.port = port;
  }

  record Reply(int status, String body, HttpResponse<String> raw) {
    JsonNode json() {
      try {
        return MAPPER.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }

    String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }
  }

  Reply get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET(), Map.of());
  }

  Reply post(String path, String body) {
    return post(path, body, Map.of());
  }

  Reply post(String path, String body, Map<String, String> headers) {
    return send(
        HttpRequest.newBuilder(uri(path))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .header("Content-Type", "application/json"),
        headers);
  }

  Reply postBytes(String path, byte[] body) {
    return send(
        HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofByteArray(body)),
        Map.of());
  }

  Reply method(String method, String path) {
    return send(
        HttpRequest.newBuilder(uri(path)).method(method, HttpRequest.BodyPublishers.noBody()),
        Map.of());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  private Reply send(HttpRequest.Builder b, Map<String, String> headers) {
    headers.forEach(b::header);
    b.timeout(Duration.ofSeconds(30));
    try {
      HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(r.statusCode(), r.body(), r);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
