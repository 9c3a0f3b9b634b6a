package dev.aviary.gateway;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/** Helpers shared by the integration tests: configs and a blocking HTTP client. */
final class GatewayFixture {
  static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private GatewayFixture() {}

  static String endpoints(TestBackend... backends) {
    return List.of(backends).stream()
        .map(b -> "\"" + b.address() + "\"")
        .collect(Collectors.joining(", ", "[", "]"));
  }

  static Gateway start(String yaml) {
    return Gateway.start(ConfigCodec.parse(yaml), GatewayOptions.defaults().withEventLoops(2));
  }

  static HttpResponse<String> get(Gateway gw, String path, String... headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.port() + path))
            .timeout(Duration.ofSeconds(20));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return send(b.GET().build());
  }

  static HttpResponse<String> post(Gateway gw, String path, String body) {
    return send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.port() + path))
            .timeout(Duration.ofSeconds(20))
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  static HttpResponse<String> admin(Gateway gw, String method, String path, String body) {
    return send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.adminPort() + path))
            .timeout(Duration.ofSeconds(20))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  static HttpResponse<String> send(HttpRequest request) {
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(request.uri() + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static String revision(HttpResponse<?> response) {
    return response.headers().firstValue("x-aviary-revision").orElse(null);
  }
}
