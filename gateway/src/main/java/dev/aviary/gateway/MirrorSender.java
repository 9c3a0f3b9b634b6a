package dev.aviary.gateway;

import dev.aviary.gateway.GatewayConfig.Settings;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.util.List;

/**
 * Sends shadow copies of requests to a route's mirror revision and compares the answers with the
 * primary's. Never touches the client's answer: a copy is bounded in number and time, has no
 * retries, and its outcome only moves counters.
 */
final class MirrorSender {
  static final String SHADOW_HEADER = "x-aviary-shadow";

  private final GatewayCore core;
  private final HttpClient client;
  private final Vertx vertx;

  MirrorSender(GatewayCore core, HttpClient client, Vertx vertx) {
    this.core = core;
    this.client = client;
    this.vertx = vertx;
  }

  /**
   * Copies the request when the route mirrors it. Returns the promise to complete with the
   * primary's answer body (or fail when there is none), or null when no copy was sent.
   */
  Promise<Buffer> copy(
      RouteRuntime route,
      RevisionRuntime primary,
      Settings settings,
      HttpMethod method,
      String uri,
      MultiMap headers,
      Buffer body) {
    MirrorRuntime m = route.mirror;
    if (m == null || m.revision == primary || !m.sample()) {
      return null;
    }
    MirrorStats stats = m.stats(primary);
    if (core.mirrorsInFlight.incrementAndGet() > settings.mirror().maxConcurrent()) {
      core.mirrorsInFlight.decrementAndGet();
      stats.dropped();
      return null;
    }
    EndpointState ep = m.revision.pick(List.of(), System.nanoTime(), settings.loadBalancing());
    if (ep == null) {
      core.mirrorsInFlight.decrementAndGet();
      stats.error();
      return null;
    }
    stats.sent();
    ep.outstanding.incrementAndGet();
    RequestOptions options =
        new RequestOptions()
            .setHost(ep.host)
            .setPort(ep.port)
            .setMethod(method)
            .setURI(uri)
            .setHeaders(
                MultiMap.caseInsensitiveMultiMap().addAll(headers).set(SHADOW_HEADER, "true"))
            .setConnectTimeout(settings.mirror().timeoutMs());
    HttpClientRequest[] sent = {null};
    long timer =
        vertx.setTimer(
            settings.mirror().timeoutMs(),
            id -> {
              if (sent[0] != null) {
                sent[0].reset();
              }
            });
    Promise<Buffer> primaryBody = Promise.promise();
    client
        .request(options)
        .compose(
            creq -> {
              sent[0] = creq;
              return creq.send(body);
            })
        .compose(
            resp ->
                resp.statusCode() >= 500
                    ? Future.<Buffer>failedFuture("mirror answered " + resp.statusCode())
                    : resp.body())
        .onComplete(
            ar -> {
              vertx.cancelTimer(timer);
              ep.outstanding.decrementAndGet();
              core.mirrorsInFlight.decrementAndGet();
              if (ar.failed()) {
                stats.error();
                return;
              }
              primaryBody.future().onSuccess(p -> compareLater(stats, p, ar.result()));
            });
    return primaryBody;
  }

  /** Parses and compares off the event loop, so that large bodies cost the proxy nothing. */
  private void compareLater(MirrorStats stats, Buffer primary, Buffer mirror) {
    vertx
        .executeBlocking(
            () -> PredictionComparator.compare(primary.getBytes(), mirror.getBytes()), false)
        .onSuccess(
            c -> {
              if (c.isPresent()) {
                stats.add(c.get());
              } else {
                stats.uncomparable();
              }
            });
  }
}
