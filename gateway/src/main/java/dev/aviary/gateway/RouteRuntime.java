package dev.aviary.gateway;

import dev.aviary.gateway.GatewayConfig.HeaderMatch;
import dev.aviary.gateway.GatewayConfig.Route;
import java.util.List;
import java.util.function.Function;

/** A route as compiled into a routing table: how it chooses a revision for a request. */
final class RouteRuntime {
  final String name;
  final List<String> pathPrefixes;
  final List<RevisionRuntime> revisions;
  private final List<CompiledHeaderRoute> headerRoutes;
  private final SmoothWeightedRoundRobin split;
  private final StickyAssigner sticky;
  private final String stickyHeader;
  private final String stickyCookie;
  final MirrorRuntime mirror;

  record CompiledHeaderRoute(HeaderMatch match, RevisionRuntime revision) {}

  RouteRuntime(
      Route route,
      List<RevisionRuntime> revisions,
      List<CompiledHeaderRoute> headerRoutes,
      MirrorRuntime mirror) {
    this.name = route.name();
    this.pathPrefixes = route.match().pathPrefixes();
    this.revisions = List.copyOf(revisions);
    this.headerRoutes = List.copyOf(headerRoutes);
    int[] weights = revisions.stream().mapToInt(r -> r.weight).toArray();
    String[] names = revisions.stream().map(r -> r.name).toArray(String[]::new);
    this.split = new SmoothWeightedRoundRobin(weights);
    this.sticky = new StickyAssigner(names, weights);
    this.stickyHeader = route.sticky() == null ? null : route.sticky().header();
    this.stickyCookie = route.sticky() == null ? null : route.sticky().cookie();
    this.mirror = mirror;
  }

  /** The length of the longest of this route's prefixes that starts {@code path}, or -1. */
  int matchLength(String path) {
    int longest = -1;
    for (String prefix : pathPrefixes) {
      if (prefix.length() > longest && path.startsWith(prefix)) {
        longest = prefix.length();
      }
    }
    return longest;
  }

  /**
   * The revision for a request: a matching header route first, then the sticky key's revision, then
   * the weighted split.
   */
  RevisionRuntime choose(Function<String, String> header, Function<String, String> cookie) {
    for (CompiledHeaderRoute hr : headerRoutes) {
      HeaderMatch m = hr.match();
      String actual = m.header() != null ? header.apply(m.header()) : cookie.apply(m.cookie());
      if (m.value().equals(actual)) {
        return hr.revision();
      }
    }
    String key = null;
    if (stickyHeader != null) {
      key = header.apply(stickyHeader);
    } else if (stickyCookie != null) {
      key = cookie.apply(stickyCookie);
    }
    if (key != null && !key.isEmpty()) {
      return revisions.get(sticky.assign(key));
    }
    return revisions.get(split.next());
  }
}
