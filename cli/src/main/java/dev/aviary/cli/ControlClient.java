package dev.aviary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aviary.local.ControlToken;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * How CLI commands reach the control API of {@code aviary up}: {@code --server} and {@code --token}
 * (or AVIARY_SERVER / AVIARY_TOKEN), else the token file in {@code --state-dir} (or
 * AVIARY_STATE_DIR, default {@code .aviary}, as {@code aviary up}). A picocli mixin, or {@link #to}
 * for a platform the caller started itself.
 */
public final class ControlClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Option(
      names = "--server",
      defaultValue = "${env:AVIARY_SERVER:-http://127.0.0.1:7070}",
      description = "Control API of aviary up (default: ${DEFAULT-VALUE}; env AVIARY_SERVER).")
  String server;

  @Option(
      names = "--token",
      defaultValue = "${env:AVIARY_TOKEN}",
      description =
          "Bearer token of the control API (env AVIARY_TOKEN; default: the token file in the"
              + " state directory).")
  String token;

  @Option(
      names = "--state-dir",
      defaultValue = "${env:AVIARY_STATE_DIR:-.aviary}",
      description =
          "State directory of aviary up, whose token file is used when no --token is given"
              + " (default: ${DEFAULT-VALUE}; env AVIARY_STATE_DIR).")
  Path stateDir;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

  /**
   * The platform answered with an error (its HTTP status), could not be reached (0), or the request
   * could not be made (-1).
   */
  public static final class ApiError extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;
    final transient JsonNode body;

    ApiError(int status, String message, JsonNode body) {
      super(message);
      this.status = status;
      this.body = body;
    }
  }

  /** A client of the control API at {@code server} that sends {@code token}. */
  public static ControlClient to(String server, String token) {
    ControlClient c = new ControlClient();
    c.server = server;
    c.token = token;
    return c;
  }

  public JsonNode get(String path) throws ApiError {
    return send("GET", path, null, null);
  }

  public JsonNode post(String path, String body, String contentType) throws ApiError {
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
    String bearer = bearerToken();
    if (bearer != null) {
      b.header("Authorization", "Bearer " + bearer);
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
    if (resp.statusCode() == 401) {
      throw new ApiError(401, tokenRefused(bearer != null, json.path("error").asText()), json);
    }
    if (resp.statusCode() >= 400) {
      throw new ApiError(
          resp.statusCode(), json.path("error").asText("error " + resp.statusCode()), json);
    }
    return json;
  }

  /** {@code --token} or AVIARY_TOKEN, else the token file in the state directory, else null. */
  private String bearerToken() throws ApiError {
    if (token != null && !token.isBlank()) {
      return token.trim();
    }
    try {
      return ControlToken.read(stateDir).orElse(null);
    } catch (IOException | IllegalStateException e) {
      throw new ApiError(-1, "cannot read the control API token: " + e.getMessage(), null);
    }
  }

  private String tokenRefused(boolean sent, String message) {
    Path file = ControlToken.file(stateDir).toAbsolutePath();
    String where =
        "the token is taken from --token or $AVIARY_TOKEN, else from "
            + file
            + " (--state-dir or $AVIARY_STATE_DIR: the state directory of aviary up)";
    if (!sent) {
      return message + "; no token was found: " + where;
    }
    boolean fromFile = token == null || token.isBlank();
    return message
        + "; the token "
        + (fromFile ? "in " + file : "given with --token or $AVIARY_TOKEN")
        + " was refused ("
        + where
        + ")";
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
