package dev.aviary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * How CLI commands reach the control API of {@code aviary up}: {@code --server} and {@code --token}
 * (or AVIARY_SERVER / AVIARY_TOKEN). A picocli mixin.
 */
final class ControlClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Option(
      names = "--server",
      defaultValue = "${env:AVIARY_SERVER:-http://127.0.0.1:7070}",
      description = "Control API of aviary up (default: ${DEFAULT-VALUE}; env AVIARY_SERVER).")
  String server;

  @Option(
      names = "--token",
      defaultValue = "${env:AVIARY_TOKEN}",
      description = "Bearer token of the control API (env AVIARY_TOKEN).")
  String token;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

  /** The platform answered with an error, or could not be reached. */
  static final class ApiError extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;
    final transient JsonNode body;

    ApiError(int status, String message, JsonNode body) {
      super(message);
      this.status = status;
      this.body = body;
    }
  }

  JsonNode get(String path) throws ApiError {
    return send("GET", path, null, null);
  }

  JsonNode post(String path, String body, String contentType) throws ApiError {
    return send("POST", path, body, contentType);
  }

  JsonNode delete(String path) throws ApiError {
    return send("DELETE", path, null, null);
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private JsonNode send(String method, String path, String body, String contentType)
      throws ApiError {
    String base = server.replaceAll("/+$", "");
    HttpRequest.Builder b;
    try {
      b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
    } catch (IllegalArgumentException e) {
      throw new ApiError(0, "--server " + server + " is not a URL", null);
    }
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    if (token != null && !token.isBlank()) {
      b.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> resp;
    try {
      resp = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException e) {
      throw new ApiError(
          0,
          "the platform is not running at "
              + base
              + " (start it with ./aviary up, or point --server / AVIARY_SERVER at it)",
          null);
    } catch (IOException e) {
      throw new ApiError(0, "cannot reach the platform at " + base + ": " + e, null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiError(0, "interrupted", null);
    }
    JsonNode json;
    try {
      json = JSON.readTree(resp.body());
    } catch (IOException e) {
      throw new ApiError(
          resp.statusCode(), "the platform answered " + resp.statusCode() + " without JSON", null);
    }
    if (resp.statusCode() >= 400) {
      throw new ApiError(
          resp.statusCode(), json.path("error").asText("error " + resp.statusCode()), json);
    }
    return json;
  }

  /** Prints an API error (with its problems) to err; returns the exit code to use. */
  static int report(java.io.PrintWriter err, String command, ApiError e) {
    err.println("aviary " + command + ": " + e.getMessage());
    if (e.body != null && e.body.has("problems")) {
      e.body.get("problems").forEach(p -> err.println("  " + p.asText()));
    }
    err.flush();
    return e.status == 0 ? 3 : 1;
  }
}
