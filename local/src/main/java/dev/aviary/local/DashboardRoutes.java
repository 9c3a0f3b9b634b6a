package dev.aviary.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aviary.durations.Durations;
import dev.aviary.gateway.GatewayStats;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The web dashboard on the control API's port: its pages at {@code /} and {@code /ui/...} (static
 * files from the jar, no data in them, so no token needed; the {@code Host} and {@code Origin}
 * checks apply all the same), and the two JSON endpoints it reads that the CLI's routes do not
 * give: {@code GET /api/v1/overview} and {@code GET /api/v1/deployments/NAME/traffic}. Those sit
 * under {@code /api/}, behind the request checks and the token like every other API route.
 */
final class DashboardRoutes {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The charting library, from the uPlot WebJar on the class path (version in the root pom). */
  static final String UPLOT = "META-INF/resources/webjars/uplot/1.6.30/dist/";

  private static final String PAGES = "dev/aviary/local/dashboard/";

  /** Served path under /ui/ to class-path resource and media type; nothing else is served. */
  private static final Map<String, String[]> FILES =
      Map.of(
          "app.js", new String[] {PAGES + "app.js", "text/javascript"},
          "api.js", new String[] {PAGES + "api.js", "text/javascript"},
          "views.js", new String[] {PAGES + "views.js", "text/javascript"},
          "charts.js", new String[] {PAGES + "charts.js", "text/javascript"},
          "dom.js", new String[] {PAGES + "dom.js", "text/javascript"},
          "dashboard.css", new String[] {PAGES + "dashboard.css", "text/css"},
          "vendor/uPlot.esm.js", new String[] {UPLOT + "uPlot.esm.js", "text/javascript"},
          "vendor/uPlot.min.css", new String[] {UPLOT + "uPlot.min.css", "text/css"});

  // The pages may run only their own scripts and styles and talk only to this origin; no page of
  // another site may frame them (a framed action button could be clicked by deceit).
  private static final String CSP =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private DashboardRoutes() {}

  /** Adds the dashboard's routes; call before the API's catch-all 404. */
  static void mount(
      Router router,
      RequestGuard guard,
      Store store,
      Function<Duration, GatewayStats> traffic,
      Clock clock) {
    Map<String, Buffer> loaded = new java.util.HashMap<>();
    FILES.forEach((path, file) -> loaded.put(path, Buffer.buffer(read(file[0]))));
    Buffer index = Buffer.buffer(read(PAGES + "index.html"));
    router.get("/").handler(ctx -> page(ctx, guard, index, "text/html; charset=utf-8"));
    router
        .get("/ui/*")
        .handler(
            ctx -> {
              String path = ctx.request().path().substring("/ui/".length());
              String[] file = FILES.get(path);
              if (file == null) {
                ctx.next(); // the API's 404
              } else {
                page(ctx, guard, loaded.get(path), file[1] + "; charset=utf-8");
              }
            });
    router
        .get("/api/v1/overview")
        .blockingHandler(
            ctx -> {
              Map<String, Instant> created = store.createdTimes();
              Map<String, Store.StoredEvent> last = store.lastEvents();
              ObjectNode out = JSON.createObjectNode().put("at", clock.instant().toString());
              ArrayNode list = out.putArray("deployments");
              for (Store.StoredDeployment d : store.deployments()) {
                list.add(
                    DeploymentOverview.entry(
                        d.name(), d.spec(), d.status(), created.get(d.name()), last.get(d.name())));
              }
              json(ctx, 200, out);
            });
    router
        .get("/api/v1/deployments/:name/traffic")
        .blockingHandler(
            ctx -> {
              String name = ctx.pathParam("name");
              if (store.deployment(name).isEmpty()) {
                throw new ApplyException(404, "no deployment named '" + name + "'", List.of());
              }
              Duration window = window(ctx.queryParams().get("window"));
              json(
                  ctx,
                  200,
                  DeploymentOverview.traffic(name, traffic.apply(window), clock.instant()));
            });
  }

  private static Duration window(String text) {
    if (text == null) {
      return Duration.ofSeconds(10);
    }
    Duration d;
    try {
      d = Durations.parse(text);
    } catch (IllegalArgumentException e) {
      d = null;
    }
    if (d == null
        || d.compareTo(Duration.ofSeconds(1)) < 0
        || d.compareTo(Duration.ofMinutes(10)) > 0) {
      throw new ApplyException(
          400,
          "window: expected a duration from 1s to 10m such as 10s or 1m, got '" + text + "'",
          List.of());
    }
    return d;
  }

  private static void page(RoutingContext ctx, RequestGuard guard, Buffer body, String type) {
    var request = ctx.request();
    var refusal =
        guard.check(
            "GET",
            request.localAddress().port(),
            request.getHeader("Host"),
            request.getHeader("Origin"),
            null);
    if (refusal.isPresent()) {
      json(
          ctx, refusal.get().status(), JSON.createObjectNode().put("error", refusal.get().error()));
      return;
    }
    ctx.response()
        .putHeader("Content-Type", type)
        .putHeader("Content-Security-Policy", CSP)
        // the sign-in address carries the token: it must not travel on in a Referer
        .putHeader("Referrer-Policy", "no-referrer")
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("X-Frame-Options", "DENY")
        .putHeader("Cache-Control", "no-cache")
        .end(body);
  }

  private static void json(RoutingContext ctx, int status, ObjectNode body) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .end(body.toPrettyString() + "\n");
  }

  private static byte[] read(String resource) {
    try (InputStream in = DashboardRoutes.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("the dashboard's file " + resource + " is not in the jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
