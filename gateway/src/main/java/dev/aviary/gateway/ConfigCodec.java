package dev.aviary.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.aviary.gateway.GatewayConfig.Endpoint;
import dev.aviary.gateway.GatewayConfig.HeaderMatch;
import dev.aviary.gateway.GatewayConfig.HeaderRoute;
import dev.aviary.gateway.GatewayConfig.LoadBalancing;
import dev.aviary.gateway.GatewayConfig.Match;
import dev.aviary.gateway.GatewayConfig.Mirror;
import dev.aviary.gateway.GatewayConfig.MirrorSettings;
import dev.aviary.gateway.GatewayConfig.Outlier;
import dev.aviary.gateway.GatewayConfig.Retry;
import dev.aviary.gateway.GatewayConfig.Revision;
import dev.aviary.gateway.GatewayConfig.Route;
import dev.aviary.gateway.GatewayConfig.Settings;
import dev.aviary.gateway.GatewayConfig.Sticky;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads a configuration from YAML or JSON text (binding and validation, every problem reported with
 * its path) and writes one back as JSON.
 */
public final class ConfigCodec {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new YAMLMapper();

  private final List<String> problems = new ArrayList<>();

  private ConfigCodec() {}

  /**
   * Parses and validates YAML or JSON text.
   *
   * @throws ConfigException naming every problem found
   */
  public static GatewayConfig parse(String text) {
    JsonNode root;
    try {
      String trimmed = text == null ? "" : text.strip();
      root = trimmed.startsWith("{") ? JSON.readTree(trimmed) : YAML.readTree(trimmed);
    } catch (JsonProcessingException e) {
      throw new ConfigException(List.of("not valid YAML or JSON: " + e.getOriginalMessage()));
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      throw new ConfigException(List.of("the configuration is empty"));
    }
    ConfigCodec codec = new ConfigCodec();
    GatewayConfig config = codec.config(root);
    List<String> all = new ArrayList<>(codec.problems);
    for (String p : ConfigValidator.problems(config)) {
      String path = p.substring(0, p.indexOf(':'));
      if (codec.problems.stream().noneMatch(q -> q.startsWith(path + ":"))) {
        all.add(p);
      }
    }
    if (!all.isEmpty()) {
      throw new ConfigException(all);
    }
    return config;
  }

  /** The configuration as pretty-printed JSON, in the shape {@link #parse} reads. */
  public static String toJson(GatewayConfig config) {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(tree(config));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private GatewayConfig config(JsonNode root) {
    if (!object(root, "", Set.of("routes", "settings"))) {
      return new GatewayConfig(List.of(), null);
    }
    List<Route> routes = new ArrayList<>();
    JsonNode rs = root.get("routes");
    if (rs == null) {
      problems.add("routes: is required");
    } else if (array(rs, "routes")) {
      for (int i = 0; i < rs.size(); i++) {
        routes.add(route(rs.get(i), "routes[" + i + "]"));
      }
    }
    Settings settings = root.has("settings") ? settings(root.get("settings")) : null;
    return new GatewayConfig(routes, settings);
  }

  private Route route(JsonNode n, String path) {
    Set<String> fields = Set.of("name", "match", "revisions", "headerRoutes", "sticky", "mirror");
    if (!object(n, path, fields)) {
      return new Route(null, null, null, null, null, null);
    }
    Match match = null;
    JsonNode m = n.get("match");
    if (m != null && object(m, path + ".match", Set.of("pathPrefix", "pathPrefixes"))) {
      match = match(m, path + ".match");
    }
    List<Revision> revisions = new ArrayList<>();
    JsonNode rs = n.get("revisions");
    if (rs != null && array(rs, path + ".revisions")) {
      for (int j = 0; j < rs.size(); j++) {
        revisions.add(revision(rs.get(j), path + ".revisions[" + j + "]", rs.size() == 1));
      }
    }
    List<HeaderRoute> headerRoutes = new ArrayList<>();
    JsonNode hs = n.get("headerRoutes");
    if (hs != null && array(hs, path + ".headerRoutes")) {
      for (int j = 0; j < hs.size(); j++) {
        headerRoutes.add(headerRoute(hs.get(j), path + ".headerRoutes[" + j + "]"));
      }
    }
    Sticky sticky = null;
    JsonNode s = n.get("sticky");
    if (s != null && !s.isNull() && object(s, path + ".sticky", Set.of("header", "cookie"))) {
      sticky =
          new Sticky(
              text(s, "header", path + ".sticky", null), text(s, "cookie", path + ".sticky", null));
    }
    Mirror mirror = null;
    JsonNode mi = n.get("mirror");
    if (mi != null && !mi.isNull() && object(mi, path + ".mirror", Set.of("revision", "percent"))) {
      mirror =
          new Mirror(
              text(mi, "revision", path + ".mirror", null),
              integer(mi, "percent", path + ".mirror", 100));
    }
    return new Route(text(n, "name", path, null), match, revisions, headerRoutes, sticky, mirror);
  }

  private Revision revision(JsonNode n, String path, boolean only) {
    if (!object(n, path, Set.of("name", "weight", "endpoints"))) {
      return new Revision(null, 0, null);
    }
    Integer weight = only ? Integer.valueOf(100) : null;
    if (!n.has("weight") && !only) {
      problems.add(path + ".weight: is required when a route has several revisions");
      weight = 0;
    }
    weight = integer(n, "weight", path, weight == null ? 0 : weight);
    List<Endpoint> endpoints = new ArrayList<>();
    JsonNode es = n.get("endpoints");
    if (es != null && array(es, path + ".endpoints")) {
      for (int k = 0; k < es.size(); k++) {
        Endpoint ep = endpoint(es.get(k), path + ".endpoints[" + k + "]");
        if (ep != null) {
          endpoints.add(ep);
        }
      }
    }
    return new Revision(text(n, "name", path, null), weight, endpoints);
  }

  private Endpoint endpoint(JsonNode n, String path) {
    if (n.isTextual()) {
      return address(n.asText(), true, path);
    }
    if (!object(n, path, Set.of("address", "ready"))) {
      return null;
    }
    String address = text(n, "address", path, null);
    if (address == null) {
      problems.add(path + ".address: is required");
      return null;
    }
    return address(address, bool(n, "ready", path, true), path);
  }

  private Endpoint address(String address, boolean ready, String path) {
    int colon = address.lastIndexOf(':');
    if (colon <= 0 || colon == address.length() - 1) {
      problems.add(path + ": expected host:port, got '" + address + "'");
      return null;
    }
    String host = address.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    try {
      return new Endpoint(host, Integer.parseInt(address.substring(colon + 1)), ready);
    } catch (NumberFormatException e) {
      problems.add(path + ": expected host:port with a numeric port, got '" + address + "'");
      return null;
    }
  }

  private HeaderRoute headerRoute(JsonNode n, String path) {
    if (!object(n, path, Set.of("match", "revision"))) {
      return new HeaderRoute(null, null);
    }
    HeaderMatch match = null;
    JsonNode m = n.get("match");
    String mpath = path + ".match";
    if (m != null && object(m, mpath, Set.of("header", "cookie", "value"))) {
      match =
          new HeaderMatch(
              text(m, "header", mpath, null),
              text(m, "cookie", mpath, null),
              text(m, "value", mpath, null));
    }
    return new HeaderRoute(match, text(n, "revision", path, null));
  }

  private Settings settings(JsonNode n) {
    String path = "settings";
    Set<String> fields =
        Set.of(
            "connectTimeoutMs",
            "requestTimeoutMs",
            "maxRequestBytes",
            "maxConcurrentRequests",
            "loadBalancing",
            "retry",
            "outlier",
            "mirror");
    if (!object(n, path, fields)) {
      return null;
    }
    Settings d = Settings.defaults();
    Retry retry = d.retry();
    JsonNode r = n.get("retry");
    String rp = path + ".retry";
    if (r != null && object(r, rp, Set.of("maxRetries", "budgetPercent", "minConcurrentRetries"))) {
      retry =
          new Retry(
              integer(r, "maxRetries", rp, retry.maxRetries()),
              integer(r, "budgetPercent", rp, retry.budgetPercent()),
              integer(r, "minConcurrentRetries", rp, retry.minConcurrentRetries()));
    }
    Outlier outlier = d.outlier();
    JsonNode o = n.get("outlier");
    String op = path + ".outlier";
    Set<String> outlierFields =
        Set.of("consecutiveFailures", "baseEjectionMs", "maxEjectionMs", "maxEjectionPercent");
    if (o != null && object(o, op, outlierFields)) {
      outlier =
          new Outlier(
              integer(o, "consecutiveFailures", op, outlier.consecutiveFailures()),
              integer(o, "baseEjectionMs", op, outlier.baseEjectionMs()),
              integer(o, "maxEjectionMs", op, outlier.maxEjectionMs()),
              integer(o, "maxEjectionPercent", op, outlier.maxEjectionPercent()));
    }
    MirrorSettings mirror = d.mirror();
    JsonNode m = n.get("mirror");
    String mp = path + ".mirror";
    if (m != null && object(m, mp, Set.of("maxConcurrent", "timeoutMs"))) {
      mirror =
          new MirrorSettings(
              integer(m, "maxConcurrent", mp, mirror.maxConcurrent()),
              integer(m, "timeoutMs", mp, mirror.timeoutMs()));
    }
    LoadBalancing lb = d.loadBalancing();
    String lbText = text(n, "loadBalancing", path, null);
    if (lbText != null) {
      switch (lbText) {
        case "leastRequest" -> lb = LoadBalancing.LEAST_REQUEST;
        case "roundRobin" -> lb = LoadBalancing.ROUND_ROBIN;
        default ->
            problems.add(
                path
                    + ".loadBalancing: must be 'leastRequest' or 'roundRobin', got '"
                    + lbText
                    + "'");
      }
    }
    return new Settings(
        integer(n, "connectTimeoutMs", path, d.connectTimeoutMs()),
        integer(n, "requestTimeoutMs", path, d.requestTimeoutMs()),
        longValue(n, "maxRequestBytes", path, d.maxRequestBytes()),
        integer(n, "maxConcurrentRequests", path, d.maxConcurrentRequests()),
        lb,
        retry,
        outlier,
        mirror);
  }

  private boolean object(JsonNode n, String path, Set<String> fields) {
    if (n == null || !n.isObject()) {
      problems.add(where(path) + "must be an object, got " + describe(n));
      return false;
    }
    Iterator<String> names = n.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!fields.contains(name)) {
        problems.add(
            (path.isEmpty() ? "" : path + ".")
                + name
                + ": unknown field (expected one of "
                + String.join(", ", fields.stream().sorted().toList())
                + ")");
      }
    }
    return true;
  }

  /** {@code pathPrefix: /a} or {@code pathPrefixes: [/a, /b]}; neither means "/". */
  private Match match(JsonNode m, String path) {
    JsonNode many = m.get("pathPrefixes");
    if (many == null || many.isNull()) {
      return new Match(text(m, "pathPrefix", path, "/"));
    }
    if (m.hasNonNull("pathPrefix")) {
      problems.add(path + ": give pathPrefix or pathPrefixes, not both");
    }
    List<String> prefixes = new ArrayList<>();
    if (array(many, path + ".pathPrefixes")) {
      for (int i = 0; i < many.size(); i++) {
        JsonNode p = many.get(i);
        if (p.isTextual()) {
          prefixes.add(p.asText());
        } else {
          problems.add(path + ".pathPrefixes[" + i + "]: must be a string, got " + describe(p));
        }
      }
    }
    return new Match(prefixes);
  }

  private boolean array(JsonNode n, String path) {
    if (!n.isArray()) {
      problems.add(path + ": must be a list, got " + describe(n));
      return false;
    }
    return true;
  }

  private String text(JsonNode parent, String field, String path, String fallback) {
    JsonNode n = parent.get(field);
    if (n == null || n.isNull()) {
      return fallback;
    }
    if (!n.isValueNode() || n.isBinary()) {
      problems.add(path + "." + field + ": must be a string, got " + describe(n));
      return fallback;
    }
    return n.asText();
  }

  private int integer(JsonNode parent, String field, String path, int fallback) {
    long v = longValue(parent, field, path, fallback);
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      problems.add(path + "." + field + ": must be an integer, got " + v);
      return fallback;
    }
    return (int) v;
  }

  private long longValue(JsonNode parent, String field, String path, long fallback) {
    JsonNode n = parent.get(field);
    if (n == null || n.isNull()) {
      return fallback;
    }
    if (n.isIntegralNumber() && n.canConvertToLong()) {
      return n.asLong();
    }
    if (n.isTextual()) {
      try {
        return Long.parseLong(n.asText().trim());
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    problems.add(path + "." + field + ": must be an integer, got " + describe(n));
    return fallback;
  }

  private boolean bool(JsonNode parent, String field, String path, boolean fallback) {
    JsonNode n = parent.get(field);
    if (n == null || n.isNull()) {
      return fallback;
    }
    if (!n.isBoolean()) {
      problems.add(path + "." + field + ": must be true or false, got " + describe(n));
      return fallback;
    }
    return n.asBoolean();
  }

  private static String where(String path) {
    return path.isEmpty() ? "the configuration: " : path + ": ";
  }

  private static String describe(JsonNode n) {
    if (n == null || n.isNull()) {
      return "nothing";
    }
    if (n.isObject()) {
      return "an object";
    }
    if (n.isArray()) {
      return "a list";
    }
    String s = n.toString();
    return s.length() > 40 ? s.substring(0, 40) + "..." : s;
  }

  private static ObjectNode tree(GatewayConfig config) {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode routes = root.putArray("routes");
    for (Route r : config.routes()) {
      ObjectNode rn = routes.addObject();
      rn.put("name", r.name());
      List<String> prefixes = r.match().pathPrefixes();
      if (prefixes.size() == 1) {
        rn.putObject("match").put("pathPrefix", prefixes.get(0));
      } else {
        ArrayNode pn = rn.putObject("match").putArray("pathPrefixes");
        prefixes.forEach(pn::add);
      }
      ArrayNode revs = rn.putArray("revisions");
      for (Revision rev : r.revisions()) {
        ObjectNode vn = revs.addObject().put("name", rev.name()).put("weight", rev.weight());
        ArrayNode eps = vn.putArray("endpoints");
        for (Endpoint ep : rev.endpoints()) {
          String address =
              ep.host().contains(":") ? "[" + ep.host() + "]:" + ep.port() : ep.address();
          if (ep.ready()) {
            eps.add(address);
          } else {
            eps.addObject().put("address", address).put("ready", false);
          }
        }
      }
      if (!r.headerRoutes().isEmpty()) {
        ArrayNode hs = rn.putArray("headerRoutes");
        for (HeaderRoute h : r.headerRoutes()) {
          ObjectNode hn = hs.addObject();
          ObjectNode mn = hn.putObject("match");
          putIfSet(mn, "header", h.match().header());
          putIfSet(mn, "cookie", h.match().cookie());
          mn.put("value", h.match().value());
          hn.put("revision", h.revision());
        }
      }
      if (r.sticky() != null) {
        ObjectNode sn = rn.putObject("sticky");
        putIfSet(sn, "header", r.sticky().header());
        putIfSet(sn, "cookie", r.sticky().cookie());
      }
      if (r.mirror() != null) {
        rn.putObject("mirror")
            .put("revision", r.mirror().revision())
            .put("percent", r.mirror().percent());
      }
    }
    Settings s = config.settings();
    ObjectNode sn = root.putObject("settings");
    sn.put("connectTimeoutMs", s.connectTimeoutMs());
    sn.put("requestTimeoutMs", s.requestTimeoutMs());
    sn.put("maxRequestBytes", s.maxRequestBytes());
    sn.put("maxConcurrentRequests", s.maxConcurrentRequests());
    sn.put(
        "loadBalancing",
        s.loadBalancing() == LoadBalancing.ROUND_ROBIN ? "roundRobin" : "leastRequest");
    sn.putObject("retry")
        .put("maxRetries", s.retry().maxRetries())
        .put("budgetPercent", s.retry().budgetPercent())
        .put("minConcurrentRetries", s.retry().minConcurrentRetries());
    sn.putObject("outlier")
        .put("consecutiveFailures", s.outlier().consecutiveFailures())
        .put("baseEjectionMs", s.outlier().baseEjectionMs())
        .put("maxEjectionMs", s.outlier().maxEjectionMs())
        .put("maxEjectionPercent", s.outlier().maxEjectionPercent());
    sn.putObject("mirror")
        .put("maxConcurrent", s.mirror().maxConcurrent())
        .put("timeoutMs", s.mirror().timeoutMs());
    return root;
  }

  private static void putIfSet(ObjectNode n, String field, String value) {
    if (value != null) {
      n.put(field, value);
    }
  }
}
