package dev.aviary.gateway;

import dev.aviary.durations.Durations;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The admin API: {@code GET /config}, {@code PUT /config}, {@code GET /metrics} (Prometheus),
 * {@code GET /stats?window=60s} (JSON sliding windows) and {@code GET /healthz}; with a token, each
 * of them only for requests that carry it ({@link AdminAccess}). The metrics listener is the same
 * server without the {@code /config} endpoints and without a token.
 */
final class AdminServer {
  private static final Pattern PLAIN_SECONDS = Pattern.compile("\\d{1,6}");
  private static final long MAX_CONFIG_BYTES = 4 * 1024 * 1024;

  private AdminServer() {}

  /** The admin API; with a token, only for requests that carry it. */
  static Future<HttpServer> admin(
      Vertx vertx, Gateway gateway, String host, int port, String token) {
    Router router = Router.router(vertx);
    AdminAccess access = AdminAccess.of(token);
    if (access != null) {
      router.route().handler(access);
    }
    router.get("/config").handler(ctx -> json(ctx, 200, ConfigCodec.toJson(gateway.config())));
    router
        .put("/config")
        .handler(BodyHandler.create().setBodyLimit(MAX_CONFIG_BYTES))
        .handler(ctx -> putConfig(ctx, gateway));
    return start(vertx, router, gateway, host, port);
  }

  /** The read-only listener: health, metrics and statistics, nothing that changes the gateway. */
  static Future<HttpServer> metrics(Vertx vertx, Gateway gateway, String host, int port) {
    return start(vertx, Router.router(vertx), gateway, host, port);
  }

  private static Future<HttpServer> start(
      Vertx vertx, Router router, Gateway gateway, String host, int port) {
    router.get("/healthz").handler(ctx -> json(ctx, 200, "{\"status\":\"ok\"}"));
    router
        .get("/metrics")
        .handler(
            ctx ->
                ctx.response()
                    .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")
                    .end(gateway.prometheusText()));
    router.get("/stats").handler(ctx -> stats(ctx, gateway));
    router.errorHandler(404, ctx -> error(ctx, 404, "no endpoint " + ctx.request().path()));
    router.errorHandler(
        405,
        ctx ->
            error(
                ctx,
                405,
                "method " + ctx.request().method() + " not allowed on " + ctx.request().path()));
    router.errorHandler(413, ctx -> error(ctx, 413, "configuration larger than 4 MiB"));
    router.errorHandler(500, ctx -> error(ctx, 500, "internal error: " + ctx.failure()));
    return vertx
        .createHttpServer(new HttpServerOptions().setHost(host).setPort(port))
        .requestHandler(router)
        .invalidRequestHandler(AdminServer::invalidRequest)
        .listen();
  }

  private static void putConfig(RoutingContext ctx, Gateway gateway) {
    String text = ctx.body().asString();
    if (text == null || text.isBlank()) {
      gateway.rejectedReload();
      error(ctx, 400, "the request body must be a gateway configuration (YAML or JSON)");
      return;
    }
    try {
      gateway.apply(ConfigCodec.parse(text));
      json(ctx, 200, ConfigCodec.toJson(gateway.config()));
    } catch (ConfigException e) {
      gateway.rejectedReload();
      ctx.response()
          .setStatusCode(400)
          .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
          .end(ErrorJson.of(e.getMessage(), e.problems()));
    }
  }

  private static void stats(RoutingContext ctx, Gateway gateway) {
    String raw = ctx.request().getParam("window", "60s");
    Duration window = parseWindow(raw);
    if (window == null) {
      error(
          ctx,
          400,
          "window: must be a duration from 1s to 300s such as 30s, 60s, 5m, got '" + raw + "'");
      return;
    }
    json(ctx, 200, gateway.stats(window).toJson());
  }

  /**
   * Reads the window with the one duration grammar ({@code 30s}, {@code 5m}, {@code 1500ms}, {@code
   * 1m30s}) or as plain seconds; null when unreadable or outside 1 s to the sliding window's
   * length.
   */
  static Duration parseWindow(String raw) {
    String text = raw.trim();
    Duration d;
    if (PLAIN_SECONDS.matcher(text).matches()) {
      d = Duration.ofSeconds(Long.parseLong(text));
    } else {
      try {
        d = Durations.parse(text);
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
    if (d.compareTo(Duration.ofSeconds(1)) < 0
        || d.compareTo(Duration.ofSeconds(SlidingWindow.SECONDS)) > 0) {
      return null;
    }
    return d;
  }

  private static void json(RoutingContext ctx, int status, String body) {
    ctx.response()
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(body);
  }

  /** A request Netty could not decode (bad request line, header or length): a JSON 400. */
  private static void invalidRequest(HttpServerRequest req) {
    Throwable cause = req.decoderResult().cause();
    String why = cause == null || cause.getMessage() == null ? "" : ": " + cause.getMessage();
    req.response()
        .setStatusCode(400)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .putHeader(HttpHeaders.CONNECTION, "close")
        .end(ErrorJson.of("malformed HTTP request" + why))
        .onComplete(ar -> req.connection().close());
  }

  private static void error(RoutingContext ctx, int status, String message) {
    ctx.response()
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(ErrorJson.of(message));
  }
}
