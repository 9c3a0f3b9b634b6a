package dev.aviary.gateway;

import dev.aviary.gateway.GatewayConfig.Endpoint;
import dev.aviary.gateway.GatewayConfig.HeaderMatch;
import dev.aviary.gateway.GatewayConfig.HeaderRoute;
import dev.aviary.gateway.GatewayConfig.Mirror;
import dev.aviary.gateway.GatewayConfig.Revision;
import dev.aviary.gateway.GatewayConfig.Route;
import dev.aviary.gateway.GatewayConfig.Settings;
import dev.aviary.gateway.GatewayConfig.Sticky;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks a configuration and reports every problem at once, each named by its path. */
public final class ConfigValidator {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  private final List<String> problems = new ArrayList<>();

  private ConfigValidator() {}

  /** Returns the problems found; an empty list means the configuration is usable. */
  public static List<String> problems(GatewayConfig config) {
    ConfigValidator v = new ConfigValidator();
    v.check(config);
    return List.copyOf(v.problems);
  }

  /** Throws {@link ConfigException} listing every problem, if there is any. */
  public static GatewayConfig validate(GatewayConfig config) {
    List<String> found = problems(config);
    if (!found.isEmpty()) {
      throw new ConfigException(found);
    }
    return config;
  }

  private void check(GatewayConfig config) {
    Set<String> names = new HashSet<>();
    Set<String> prefixes = new HashSet<>();
    for (int i = 0; i < config.routes().size(); i++) {
      Route route = config.routes().get(i);
      String path = "routes[" + i + "]";
      if (route == null) {
        add(path, "must not be null");
        continue;
      }
      if (name(path + ".name", route.name()) && !names.add(route.name())) {
        add(path + ".name", "duplicate route name '" + route.name() + "'");
      }
      checkPathPrefixes(path + ".match", route.match().pathPrefixes(), prefixes);
      checkRevisions(path, route);
      checkHeaderRoutes(path, route);
      checkSticky(path + ".sticky", route.sticky());
      checkMirror(path + ".mirror", route.mirror(), route);
    }
    checkSettings("settings", config.settings());
  }

  /** Every prefix starts with '/' and is taken by one route only. */
  private void checkPathPrefixes(String path, List<String> prefixes, Set<String> taken) {
    if (prefixes == null || prefixes.isEmpty()) {
      add(path + ".pathPrefixes", "must name at least one path prefix");
      return;
    }
    for (int i = 0; i < prefixes.size(); i++) {
      String prefix = prefixes.get(i);
      String at = prefixes.size() == 1 ? path + ".pathPrefix" : path + ".pathPrefixes[" + i + "]";
      if (prefix == null || !prefix.startsWith("/")) {
        add(at, "must start with '/', got " + quote(prefix));
      } else if (!taken.add(prefix)) {
        add(at, "another route already matches '" + prefix + "'");
      }
    }
  }

  private void checkRevisions(String path, Route route) {
    List<Revision> revisions = route.revisions();
    if (revisions.isEmpty()) {
      add(path + ".revisions", "must list at least one revision");
      return;
    }
    Set<String> names = new HashSet<>();
    int total = 0;
    boolean weightsValid = true;
    for (int j = 0; j < revisions.size(); j++) {
      Revision rev = revisions.get(j);
      String rpath = path + ".revisions[" + j + "]";
      if (rev == null) {
        add(rpath, "must not be null");
        weightsValid = false;
        continue;
      }
      if (name(rpath + ".name", rev.name()) && !names.add(rev.name())) {
        add(rpath + ".name", "duplicate revision name '" + rev.name() + "'");
      }
      if (rev.weight() < 0 || rev.weight() > 100) {
        add(rpath + ".weight", "must be between 0 and 100, got " + rev.weight());
        weightsValid = false;
      }
      total += rev.weight();
      Set<String> addresses = new HashSet<>();
      for (int k = 0; k < rev.endpoints().size(); k++) {
        Endpoint ep = rev.endpoints().get(k);
        String epath = rpath + ".endpoints[" + k + "]";
        if (ep == null) {
          add(epath, "must not be null");
          continue;
        }
        if (ep.host() == null || ep.host().isBlank()) {
          add(epath, "host is required (expected host:port)");
        }
        if (ep.port() < 1 || ep.port() > 65535) {
          add(epath, "port must be between 1 and 65535, got " + ep.port());
        }
        if (!addresses.add(ep.address())) {
          add(epath, "duplicate endpoint " + ep.address());
        }
      }
    }
    if (weightsValid && total != 100) {
      add(path + ".revisions", "weights must add up to 100, got " + total);
    }
  }

  private void checkHeaderRoutes(String path, Route route) {
    for (int j = 0; j < route.headerRoutes().size(); j++) {
      HeaderRoute hr = route.headerRoutes().get(j);
      String hpath = path + ".headerRoutes[" + j + "]";
      if (hr == null) {
        add(hpath, "must not be null");
        continue;
      }
      HeaderMatch m = hr.match();
      if (m == null) {
        add(hpath + ".match", "is required");
      } else {
        exactlyOne(hpath + ".match", m.header(), m.cookie());
        if (m.value() == null) {
          add(hpath + ".match.value", "is required");
        }
      }
      knownRevision(hpath + ".revision", hr.revision(), route);
    }
  }

  private void checkSticky(String path, Sticky sticky) {
    if (sticky != null) {
      exactlyOne(path, sticky.header(), sticky.cookie());
    }
  }

  private void checkMirror(String path, Mirror mirror, Route route) {
    if (mirror == null) {
      return;
    }
    knownRevision(path + ".revision", mirror.revision(), route);
    if (mirror.percent() < 0 || mirror.percent() > 100) {
      add(path + ".percent", "must be between 0 and 100, got " + mirror.percent());
    }
  }

  private void checkSettings(String path, Settings s) {
    atLeast(path + ".connectTimeoutMs", s.connectTimeoutMs(), 1);
    atLeast(path + ".requestTimeoutMs", s.requestTimeoutMs(), 1);
    atLeast(path + ".maxRequestBytes", s.maxRequestBytes(), 1);
    atLeast(path + ".maxConcurrentRequests", s.maxConcurrentRequests(), 1);
    between(path + ".retry.maxRetries", s.retry().maxRetries(), 0, 10);
    between(path + ".retry.budgetPercent", s.retry().budgetPercent(), 0, 100);
    atLeast(path + ".retry.minConcurrentRetries", s.retry().minConcurrentRetries(), 0);
    atLeast(path + ".outlier.consecutiveFailures", s.outlier().consecutiveFailures(), 0);
    atLeast(path + ".outlier.baseEjectionMs", s.outlier().baseEjectionMs(), 1);
    atLeast(
        path + ".outlier.maxEjectionMs", s.outlier().maxEjectionMs(), s.outlier().baseEjectionMs());
    between(path + ".outlier.maxEjectionPercent", s.outlier().maxEjectionPercent(), 0, 100);
    atLeast(path + ".mirror.maxConcurrent", s.mirror().maxConcurrent(), 1);
    atLeast(path + ".mirror.timeoutMs", s.mirror().timeoutMs(), 1);
  }

  private boolean name(String path, String value) {
    if (value == null || value.isBlank()) {
      add(path, "is required");
      return false;
    }
    if (!NAME.matcher(value).matches()) {
      add(path, "must contain only letters, digits, '.', '_' and '-', got " + quote(value));
      return false;
    }
    return true;
  }

  private void knownRevision(String path, String revision, Route route) {
    if (revision == null) {
      add(path, "is required");
    } else if (route.revisions().stream().noneMatch(r -> r != null && revision.equals(r.name()))) {
      add(path, "names no revision of this route: " + quote(revision));
    }
  }

  private void exactlyOne(String path, String header, String cookie) {
    if ((header == null) == (cookie == null)) {
      add(path, "must set exactly one of 'header' and 'cookie'");
    } else if ((header != null && header.isBlank()) || (cookie != null && cookie.isBlank())) {
      add(path, "header or cookie name must not be blank");
    }
  }

  private void atLeast(String path, long value, long min) {
    if (value < min) {
      add(path, "must be at least " + min + ", got " + value);
    }
  }

  private void between(String path, long value, long min, long max) {
    if (value < min || value > max) {
      add(path, "must be between " + min + " and " + max + ", got " + value);
    }
  }

  private void add(String path, String message) {
    problems.add(path + ": " + message);
  }

  private static String quote(String s) {
    return s == null ? "nothing" : "'" + s + "'";
  }
}
