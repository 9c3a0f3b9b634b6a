package dev.aviary.gateway;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The gateway's whole configuration: routes and global settings. Immutable; build one with {@link
 * ConfigCodec#parse(String)} or directly, then check it with {@link ConfigValidator#validate}.
 */
public record GatewayConfig(List<Route> routes, Settings settings) {

  public GatewayConfig {
    routes = routes == null ? List.of() : List.copyOf(routes);
    settings = settings == null ? Settings.defaults() : settings;
  }

  /** A route: requests whose path starts with one of its path prefixes go to its revisions. */
  public record Route(
      String name,
      Match match,
      List<Revision> revisions,
      List<HeaderRoute> headerRoutes,
      Sticky sticky,
      Mirror mirror) {
    public Route {
      match = match == null ? new Match("/") : match;
      revisions = revisions == null ? List.of() : List.copyOf(revisions);
      headerRoutes = headerRoutes == null ? List.of() : List.copyOf(headerRoutes);
    }
  }

  /**
   * Which request paths a route takes: those starting with any of the prefixes (for example a
   * model's OIP v2 and V1 paths). Between routes, the longest matching prefix wins.
   */
  public record Match(List<String> pathPrefixes) {
    public Match {
      // a copy that keeps null elements, so the validator can name them
      pathPrefixes =
          pathPrefixes == null ? null : Collections.unmodifiableList(new ArrayList<>(pathPrefixes));
    }

    public Match(String pathPrefix) {
      this(Collections.singletonList(pathPrefix));
    }

    /** The first prefix (the only one of most routes), or null when there is none. */
    public String pathPrefix() {
      return pathPrefixes == null || pathPrefixes.isEmpty() ? null : pathPrefixes.get(0);
    }
  }

  /** A revision of a model: a weight (percent of users) and the endpoints of its replicas. */
  public record Revision(String name, int weight, List<Endpoint> endpoints) {
    public Revision {
      endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
    }
  }

  /** One replica; endpoints that are not ready receive no traffic. */
  public record Endpoint(String host, int port, boolean ready) {
    public static Endpoint of(String host, int port) {
      return new Endpoint(host, port, true);
    }

    public String address() {
      return host + ":" + port;
    }
  }

  /**
   * Sends requests whose header (or cookie) {@code match} matches to {@code revision}, whatever the
   * weights say.
   */
  public record HeaderRoute(HeaderMatch match, String revision) {}

  /** Exactly one of {@code header} and {@code cookie} is set. */
  public record HeaderMatch(String header, String cookie, String value) {
    public static HeaderMatch header(String name, String value) {
      return new HeaderMatch(name, null, value);
    }

    public static HeaderMatch cookie(String name, String value) {
      return new HeaderMatch(null, name, value);
    }
  }

  /** Sticky sessions keyed by a header or a cookie (exactly one is set). */
  public record Sticky(String header, String cookie) {}

  /** Copies {@code percent} of the route's requests to {@code revision}; clients never see it. */
  public record Mirror(String revision, int percent) {}

  public enum LoadBalancing {
    LEAST_REQUEST,
    ROUND_ROBIN
  }

  /** Global settings; every field has a default. */
  public record Settings(
      int connectTimeoutMs,
      int requestTimeoutMs,
      long maxRequestBytes,
      int maxConcurrentRequests,
      LoadBalancing loadBalancing,
      Retry retry,
      Outlier outlier,
      MirrorSettings mirror) {

    public Settings {
      loadBalancing = loadBalancing == null ? LoadBalancing.LEAST_REQUEST : loadBalancing;
      retry = retry == null ? Retry.defaults() : retry;
      outlier = outlier == null ? Outlier.defaults() : outlier;
      mirror = mirror == null ? MirrorSettings.defaults() : mirror;
    }

    public static Settings defaults() {
      return new Settings(1_000, 30_000, 10L * 1024 * 1024, 10_000, null, null, null, null);
    }
  }

  /**
   * Retries go to a different endpoint of the same revision. At most {@code maxRetries} per
   * request, and at most {@code budgetPercent} of the requests in flight may be retries (but {@code
   * minConcurrentRetries} are always allowed).
   */
  public record Retry(int maxRetries, int budgetPercent, int minConcurrentRetries) {
    public static Retry defaults() {
      return new Retry(2, 20, 10);
    }
  }

  /**
   * Passive outlier ejection: {@code consecutiveFailures} failures in a row eject an endpoint for
   * {@code baseEjectionMs} times 2^(ejections so far), at most {@code maxEjectionMs}.
   */
  public record Outlier(
      int consecutiveFailures, int baseEjectionMs, int maxEjectionMs, int maxEjectionPercent) {
    public static Outlier defaults() {
      return new Outlier(5, 5_000, 300_000, 50);
    }
  }

  public record MirrorSettings(int maxConcurrent, int timeoutMs) {
    public static MirrorSettings defaults() {
      return new MirrorSettings(64, 5_000);
    }
  }
}
