package dev.aviary.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aviary.engine.MetricQuery;
import dev.aviary.engine.RolloutStatus;
import dev.aviary.engine.RolloutStatusJson;
import dev.aviary.registry.RegistryException;
import dev.aviary.registry.UnknownModelException;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The control REST API: apply, list, get, events, commands, delete, logs. JSON in and out. Every
 * {@code /api/} request passes the {@link RequestGuard} first, then the bearer token check.
 */
final class ControlApi implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> COMMANDS =
      Set.of("promote", "abort", "retry", "undo", "pause", "resume");

  /** Who sent a command ({@code "by"}), named in its event: the dashboard says "dashboard". */
  private static final java.util.regex.Pattern ACTOR =
      java.util.regex.Pattern.compile("[A-Za-z0-9._@-]{1,40}");

  private final Vertx vertx;
  private final HttpServer server;
  private final PlatformRegistry registry;

  private ControlApi(Vertx vertx, HttpServer server, PlatformRegistry registry) {
    this.vertx = vertx;
    this.server = server;
    this.registry = registry;
  }

  static ControlApi start(
      PlatformOptions options,
      ControlLoop loop,
      Store store,
      Supervisor supervisor,
      java.util.function.Function<java.time.Duration, dev.aviary.gateway.GatewayStats> traffic,
      ServedModels served,
      java.time.Clock clock) {
    Vertx vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    RequestGuard guard = RequestGuard.forBindAddress(options.apiHost(), machineNames(options));
    router
        .route("/api/*")
        .handler(
            ctx -> {
              var request = ctx.request();
              guard
                  .check(
                      request.method().name(),
                      request.localAddress().port(),
                      request.getHeader("Host"),
                      request.getHeader("Origin"),
                      request.getHeader("Content-Type"))
                  .ifPresentOrElse(
                      refusal -> error(ctx, refusal.status(), refusal.error()), ctx::next);
            });
    if (options.token() != null) {
      // Only this header authenticates (never a cookie or a query parameter): a browser never adds
      // it to a cross-site request by itself, which is what keeps other web pages from acting.
      byte[] expected = ("Bearer " + options.token()).getBytes(StandardCharsets.UTF_8);
      router
          .route("/api/*")
          .handler(
              ctx -> {
                String given = ctx.request().getHeader("Authorization");
                if (given == null
                    || !MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8))) {
                  ctx.response().putHeader("WWW-Authenticate", "Bearer");
                  error(ctx, 401, "a bearer token is required (Authorization: Bearer TOKEN)");
                } else {
                  ctx.next();
                }
              });
    }
    router.route().handler(BodyHandler.create().setBodyLimit(4 * 1024 * 1024));
    router
        .get("/healthz")
        .handler(ctx -> ok(ctx, 200, JSON.createObjectNode().put("status", "ok")));
    router
        .post("/api/v1/apply")
        .blockingHandler(
            ctx -> {
              String body = ctx.body().asString();
              if (body == null || body.isBlank()) {
                error(ctx, 400, "the request body must hold YAML or JSON documents");
                return;
              }
              List<String> applied = loop.apply(body);
              ObjectNode out = JSON.createObjectNode();
              applied.forEach(out.putArray("applied")::add);
              ok(ctx, 200, out);
            });
    router
        .get("/api/v1/deployments")
        .blockingHandler(
            ctx -> {
              ObjectNode out = JSON.createObjectNode();
              ArrayNode list = out.putArray("deployments");
              loop.list()
                  .forEach((name, status) -> list.add(RolloutStatusJson.summary(name, status)));
              ok(ctx, 200, out);
            });
    router
        .get("/api/v1/deployments/:name")
        .blockingHandler(
            ctx -> {
              ControlLoop.Snapshot s = loop.get(ctx.pathParam("name"));
              ObjectNode out = JSON.createObjectNode();
              out.put("name", s.name());
              out.set("spec", s.spec());
              out.set("status", statusJson(s.status()));
              ObjectNode model = served.describe(s.spec());
              if (model != null) {
                out.set("model", model);
              }
              ArrayNode pending = out.putArray("pendingMeasurements");
              for (MetricQuery q : s.pending()) {
                pending
                    .addObject()
                    .put("id", q.id())
                    .put("metric", q.metric())
                    .put("revision", q.revisionId());
              }
              out.set("replicas", JSON.valueToTree(supervisor.views(s.name())));
              ok(ctx, 200, out);
            });
    router
        .get("/api/v1/deployments/:name/events")
        .blockingHandler(
            ctx -> {
              long after = longParam(ctx, "after", 0);
              ObjectNode out = JSON.createObjectNode();
              out.set("events", events(store.events(ctx.pathParam("name"), after)));
              ok(ctx, 200, out);
            });
    router
        .get("/api/v1/events")
        .blockingHandler(
            ctx -> {
              ObjectNode out = JSON.createObjectNode();
              out.set("events", events(store.events(null, longParam(ctx, "after", 0))));
              ok(ctx, 200, out);
            });
    router
        .post("/api/v1/deployments/:name/:command")
        .blockingHandler(
            ctx -> {
              String command = ctx.pathParam("command");
              if (!COMMANDS.contains(command)) {
                error(
                    ctx,
                    404,
                    "unknown command '"
                        + command
                        + "'; expected one of "
                        + String.join(", ", new java.util.TreeSet<>(COMMANDS)));
                return;
              }
              JsonNode body = jsonBody(ctx);
              if (body == null) {
                return;
              }
              JsonNode full = body.path("full");
              if (!full.isMissingNode() && !full.isBoolean()) {
                error(ctx, 400, "full: must be true or false");
                return;
              }
              JsonNode to = body.path("toRevision");
              if (!to.isMissingNode() && !to.isNull() && !(to.isInt() && to.asInt() >= 1)) {
                error(ctx, 400, "toRevision: must be a revision number (1, 2, ...)");
                return;
              }
              Integer toRevision = to.isInt() ? to.asInt() : null;
              JsonNode by = body.path("by");
              if (!by.isMissingNode()
                  && !(by.isTextual() && ACTOR.matcher(by.asText()).matches())) {
                error(
                    ctx,
                    400,
                    "by: must be a name of 1 to 40 letters, digits, '.', '_', '@' or '-'");
                return;
              }
              String refusal = refusal(store, ctx.pathParam("name"), command);
              if (refusal != null) {
                error(ctx, 409, refusal);
                return;
              }
              long seq =
                  loop.command(
                      ctx.pathParam("name"),
                      command,
                      full.asBoolean(false),
                      toRevision,
                      by.isTextual() ? by.asText() : null);
              ok(ctx, 202, JSON.createObjectNode().put("command", command).put("seq", seq));
            });
    router
        .delete("/api/v1/deployments/:name")
        .blockingHandler(
            ctx -> {
              loop.delete(ctx.pathParam("name"));
              ok(ctx, 200, JSON.createObjectNode().put("deleted", ctx.pathParam("name")));
            });
    router
        .get("/api/v1/deployments/:name/logs")
        .blockingHandler(
            ctx -> {
              String name = ctx.pathParam("name");
              loop.get(name); // 404 for an unknown deployment
              ok(ctx, 200, logs(options.stateDir().resolve("logs").resolve(name), ctx));
            });
    PlatformRegistry registry = new PlatformRegistry(options.stateDir().toString());
    RegistryRoutes.add(router, registry);
    DashboardRoutes.mount(router, guard, store, traffic, clock);
    PlatformMetrics.mount(router, store, () -> supervisor.views(null));
    router
        .route()
        .last()
        .handler(
            ctx ->
                error(
                    ctx,
                    404,
                    "no such endpoint: " + ctx.request().method() + " " + ctx.request().path()));
    router
        .route()
        .failureHandler(
            ctx -> {
              Throwable f = ctx.failure();
              if (f instanceof ApplyException a) {
                ObjectNode out = JSON.createObjectNode().put("error", a.getMessage());
                if (!a.problems().isEmpty()) {
                  a.problems().forEach(out.putArray("problems")::add);
                }
                ok(ctx, a.status(), out);
              } else if (f instanceof UnknownModelException u) {
                error(ctx, 404, u.getMessage());
              } else if (f instanceof RegistryException r) {
                error(ctx, 503, "registry: " + r.getMessage());
              } else if (ctx.statusCode() == 405) {
                error(ctx, 405, "method not allowed");
              } else if (ctx.statusCode() == 413) {
                error(ctx, 413, "request body too large");
              } else {
                error(ctx, 500, "internal error: " + (f == null ? "unknown" : f.getMessage()));
              }
            });
    try {
      HttpServer server =
          vertx
              // HTTP/1.1 only: the request checks read the Host header, which HTTP/2 replaces
              .createHttpServer(new HttpServerOptions().setHttp2ClearTextEnabled(false))
              .requestHandler(router)
              .listen(options.apiPort(), options.apiHost())
              .toCompletionStage()
              .toCompletableFuture()
              .get(10, TimeUnit.SECONDS);
      return new ControlApi(vertx, server, registry);
    } catch (Exception e) {
      vertx.close();
      registry.close();
      throw new PortUnavailableException(
          PortUnavailableException.Listener.CONTROL_API, options.apiHost(), options.apiPort(), e);
    }
  }

  /** The machine's addresses and host name, which a Host header may carry on a wildcard bind. */
  private static Set<String> machineNames(PlatformOptions options) {
    if (!RequestGuard.isWildcard(options.apiHost())) {
      return Set.of();
    }
    Set<String> names = new java.util.LinkedHashSet<>();
    try {
      for (NetworkInterface nif :
          java.util.Collections.list(NetworkInterface.getNetworkInterfaces())) {
        for (InetAddress a : java.util.Collections.list(nif.getInetAddresses())) {
          String address = a.getHostAddress();
          int zone = address.indexOf('%');
          names.add(zone < 0 ? address : address.substring(0, zone));
        }
      }
      names.add(InetAddress.getLocalHost().getHostName());
    } catch (IOException e) {
      // the names found so far; the bind address and loopback names are always accepted
    }
    return names;
  }

  int port() {
    return server.actualPort();
  }

  @Override
  public void close() {
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      // closing anyway
    }
    registry.close();
  }

  private static ArrayNode events(List<Store.StoredEvent> events) {
    ArrayNode out = JSON.createArrayNode();
    for (Store.StoredEvent e : events) {
      out.addObject()
          .put("id", e.id())
          .put("deployment", e.deployment())
          .put("at", e.at().toString())
          .put("type", e.type())
          .put("reason", e.reason())
          .put("message", e.message());
    }
    return out;
  }

  private static JsonNode statusJson(RolloutStatus s) {
    if (s == null) {
      return JSON.nullNode();
    }
    try {
      return JSON.readTree(RolloutStatusJson.write(s));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The end of each replica log ({@code tail} lines), or what follows {@code from=PATH:OFFSET}. */
  private static ObjectNode logs(Path dir, RoutingContext ctx) {
    String revision = ctx.queryParams().get("revision");
    int tail = (int) Math.min(10_000, Math.max(0, longParam(ctx, "tail", 100)));
    Map<String, Long> from = new java.util.HashMap<>();
    for (String f : ctx.queryParam("from")) {
      int colon = f.lastIndexOf(':');
      if (colon > 0) {
        try {
          from.put(f.substring(0, colon), Long.parseLong(f.substring(colon + 1)));
        } catch (NumberFormatException ignored) {
          // treated as absent
        }
      }
    }
    ObjectNode out = JSON.createObjectNode();
    ArrayNode files = out.putArray("files");
    if (!java.nio.file.Files.isDirectory(dir)) {
      return out;
    }
    try (var walk = java.nio.file.Files.walk(dir, 2)) {
      for (Path p : walk.filter(java.nio.file.Files::isRegularFile).sorted().toList()) {
        String rev = p.getParent().getFileName().toString();
        if (revision != null && !rev.startsWith(revision)) {
          continue;
        }
        String key = rev + "/" + p.getFileName().toString().replace(".log", "");
        try (RandomAccessFile raf = new RandomAccessFile(p.toFile(), "r")) {
          long size = raf.length();
          long start;
          if (from.containsKey(key)) {
            start = Math.min(from.get(key), size);
          } else {
            start = Math.max(0, size - 256L * Math.max(tail, 1)); // approximate, trimmed below
          }
          byte[] buf = new byte[(int) Math.min(size - start, 8L * 1024 * 1024)];
          raf.seek(start);
          raf.readFully(buf);
          String text = new String(buf, StandardCharsets.UTF_8);
          if (!from.containsKey(key)) {
            List<String> lines = text.lines().toList();
            if (start > 0 && !lines.isEmpty()) {
              lines = lines.subList(1, lines.size()); // the first line may be cut
            }
            text = String.join("\n", lines.subList(Math.max(0, lines.size() - tail), lines.size()));
            if (!text.isEmpty()) {
              text += "\n";
            }
          }
          files
              .addObject()
              .put("replica", key)
              .put("path", p.toString())
              .put("size", size)
              .put("text", text);
        }
      }
    } catch (IOException e) {
      out.put("error", "cannot read logs: " + e.getMessage());
    }
    return out;
  }

  private static JsonNode jsonBody(RoutingContext ctx) {
    String body = ctx.body().asString();
    if (body == null || body.isBlank()) {
      return JSON.createObjectNode();
    }
    try {
      JsonNode n = JSON.readTree(body);
      if (!n.isObject()) {
        error(ctx, 400, "the body must be a JSON object");
        return null;
      }
      return n;
    } catch (IOException e) {
      error(ctx, 400, "the body is not valid JSON");
      return null;
    }
  }

  private static long longParam(RoutingContext ctx, String name, long dflt) {
    String v = ctx.queryParams().get(name);
    if (v == null) {
      return dflt;
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new ApplyException(400, name + ": must be a whole number, got '" + v + "'", List.of());
    }
  }

  static void ok(RoutingContext ctx, int status, JsonNode body) {
    if (ctx.response().ended()) {
      return;
    }
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .end(body.toPrettyString() + "\n");
  }

  /**
   * Why the engine would ignore this command, said at once rather than as an event later; null when
   * it is accepted. (The engine checks again when it applies it: the rollout may move on.)
   */
  private static String refusal(Store store, String name, String command) {
    if (!command.equals("retry")) {
      return null;
    }
    RolloutStatus s = store.deployment(name).map(Store.StoredDeployment::status).orElse(null);
    if (s == null || s.retryable()) {
      return null;
    }
    return "only an aborted rollout can be retried, and "
        + name
        + " is "
        + s.phase()
        + (s.message() == null || s.message().isEmpty() ? "" : " (" + s.message() + ")")
        + "; apply a new spec to start another rollout";
  }

  static void error(RoutingContext ctx, int status, String message) {
    ok(ctx, status, JSON.createObjectNode().put("error", message));
  }
}
