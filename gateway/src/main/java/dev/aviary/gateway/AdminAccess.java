package dev.aviary.gateway;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Who may use the admin API. It can replace the routes, so it listens on loopback unless it has a
 * bearer token, and with a token every request must present it.
 */
final class AdminAccess implements Handler<RoutingContext> {
  private final byte[] expected;

  private AdminAccess(String token) {
    this.expected = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
  }

  /** The handler that checks the token, or null when there is no token to check. */
  static AdminAccess of(String token) {
    return token == null ? null : new AdminAccess(token);
  }

  /**
   * Refuses an admin address beyond loopback without a token.
   *
   * @throws IllegalArgumentException naming the address and what is needed
   */
  static void checkBinding(String adminHost, String token) {
    if (token == null && !Loopback.isLoopback(adminHost)) {
      throw new IllegalArgumentException(
          "the admin API can replace the routes, so it listens on "
              + adminHost
              + " (not a loopback address) only with an admin token; set one, or keep the admin"
              + " address on loopback (127.0.0.1)");
    }
  }

  @Override
  public void handle(RoutingContext ctx) {
    String given = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    // compared in constant time, so the answer's timing does not reveal how much of it matched
    if (given != null
        && MessageDigest.isEqual(expected, given.trim().getBytes(StandardCharsets.UTF_8))) {
      ctx.next();
      return;
    }
    ctx.response()
        .setStatusCode(401)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .putHeader("WWW-Authenticate", "Bearer")
        .end(
            ErrorJson.of(
                given == null
                    ? "the admin API needs an Authorization: Bearer <admin token> header"
                    : "the admin token in the Authorization header is not the gateway's"));
  }
}
