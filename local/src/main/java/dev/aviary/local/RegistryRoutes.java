package dev.aviary.local;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aviary.registry.AliasMove;
import dev.aviary.registry.ModelRef;
import dev.aviary.registry.ModelVersion;
import dev.aviary.registry.Names;
import dev.aviary.registry.RegistryException;
import dev.aviary.registry.RegistryJson;
import dev.aviary.registry.UnknownModelException;
import dev.aviary.spec.ModelNames;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.TreeMap;

/**
 * The registry's read-only routes under {@code /api/v1/models}, in the JSON shape of {@code aviary
 * model ... -o json}. They sit behind the same request checks and token as the rest of the API.
 */
final class RegistryRoutes {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private RegistryRoutes() {}

  static void add(Router router, PlatformRegistry registry) {
    router
        .get("/api/v1/models")
        .blockingHandler(
            ctx -> {
              ObjectNode out = F.objectNode();
              registry.get().list(null).forEach(v -> out.withArray("versions").add(json(v)));
              out.withArray("versions");
              ControlApi.ok(ctx, 200, out);
            });
    router
        .get("/api/v1/models/:name")
        .blockingHandler(
            ctx -> {
              String name = name(ctx);
              if (name == null) {
                return;
              }
              List<ModelVersion> versions = registry.get().list(name);
              if (versions.isEmpty()) {
                throw new UnknownModelException("model '" + name + "' has no versions");
              }
              ObjectNode out = F.objectNode().put("name", name);
              out.put("latest", versions.get(versions.size() - 1).version());
              TreeMap<String, Integer> aliases = new TreeMap<>();
              versions.forEach(v -> v.aliases().forEach(a -> aliases.put(a, v.version())));
              ObjectNode aliasNode = out.putObject("aliases");
              aliases.forEach(aliasNode::put);
              versions.forEach(v -> out.withArray("versions").add(json(v)));
              for (AliasMove m : registry.get().aliasHistory(name)) {
                out.withArray("aliasHistory").add(RegistryJson.aliasMove(m));
              }
              out.withArray("aliasHistory");
              ControlApi.ok(ctx, 200, out);
            });
    router
        .get("/api/v1/models/:name/versions/:version")
        .blockingHandler(
            ctx -> {
              String name = name(ctx);
              if (name == null) {
                return;
              }
              String text = ctx.pathParam("version");
              if (ModelNames.versionProblem(text) != null) {
                ControlApi.error(
                    ctx, 400, "version: expected a version number (1, 2, ...), got '" + text + "'");
                return;
              }
              ControlApi.ok(
                  ctx,
                  200,
                  json(registry.get().get(new ModelRef(name, Integer.parseInt(text), null))));
            });
    router
        .get("/api/v1/models/:name/aliases/:alias")
        .blockingHandler(
            ctx -> {
              String name = name(ctx);
              if (name == null) {
                return;
              }
              String alias = ctx.pathParam("alias");
              try {
                Names.checkAlias(alias);
              } catch (RegistryException e) {
                ControlApi.error(ctx, 400, "alias: " + e.getMessage());
                return;
              }
              ControlApi.ok(ctx, 200, json(registry.get().get(new ModelRef(name, null, alias))));
            });
  }

  private static ObjectNode json(ModelVersion v) {
    return RegistryJson.version(v);
  }

  /** The path's model name, or null after answering 400 when it is not a valid one. */
  private static String name(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    try {
      return Names.checkModelName(name);
    } catch (RegistryException e) {
      ControlApi.error(ctx, 400, "name: " + e.getMessage());
      return null;
    }
  }
}
