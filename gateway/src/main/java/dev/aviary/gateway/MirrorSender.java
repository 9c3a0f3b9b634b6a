package dev.aviary.gateway;

import dev.aviary.gateway.GatewayConfig.Settings;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Sends shadow copies of requests to a route's mirror revision and compares the answers with the
 * primary's. Never touches the client's answer: a copy is bounded in number and time, has no
 * retries, and its outcome only moves counters.
 */
final class MirrorSender {
  static final String SHADOW_HEADER = "x-aviary-shadow";

  private final GatewayCore core;
  private final Vertx vertx;

  MirrorSender(GatewayCore core, Vertx vertx) {
    this.core = core;
    this.vertx = vertx;
  }

  /** Copies the exchange's request when its route mirrors it; null when no copy was sent. */
  Copy copy(
      Exchange exchange,
      UpstreamPool pool,
      RouteRuntime route,
      RevisionRuntime primary,
      Settings settings,
      long now) {
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
    EndpointState ep = m.revision.pick(List.of(), now, settings.loadBalancing());
    if (ep == null) {
      core.mirrorsInFlight.decrementAndGet();
      stats.error();
      return null;
    }
    stats.sent();
    ep.outstanding.incrementAndGet();
    Copy copy = new Copy(stats, ep);
    int timeout = settings.mirror().timeoutMs();
    copy.call = pool.send(ep, exchange.bytesFor(ep, true), exchange.headRequest(), timeout, copy);
    if (!copy.ended) {
      copy.timer = pool.loop().schedule(copy::timeout, timeout, TimeUnit.MILLISECONDS);
    }
    return copy;
  }

  /** One shadow copy, waiting for its own answer and for the primary's. */
  final class Copy implements UpstreamListener {
    private final MirrorStats stats;
    private final EndpointState endpoint;
    private UpstreamCall call;
    private ScheduledFuture<?> timer;
    private boolean ended;
    private boolean failed;
    private byte[] primaryBody;
    private byte[] mirrorBody;

    Copy(MirrorStats stats, EndpointState endpoint) {
      this.stats = stats;
      this.endpoint = endpoint;
    }

    private void timeout() {
      timer = null;
      if (call != null) {
        call.cancel();
      }
    }

    @Override
    public void response(Http1Reader response, ByteBuf buf) {
      end();
      if (response.status() >= 500) {
        failed = true;
        stats.error();
        return;
      }
      ByteBuf body = response.body(buf);
      mirrorBody = ByteBufUtil.getBytes(body, body.readerIndex(), body.readableBytes());
      compareWhenBoth();
    }

    @Override
    public void failed(Throwable cause) {
      end();
      failed = true;
      stats.error();
    }

    private void end() {
      ended = true;
      if (timer != null) {
        timer.cancel(false);
        timer = null;
      }
      endpoint.outstanding.decrementAndGet();
      core.mirrorsInFlight.decrementAndGet();
    }

    /** Whether the primary's body is still needed (the copy has not failed). */
    boolean wantsPrimary() {
      return !failed && primaryBody == null;
    }

    void primary(byte[] body) {
      primaryBody = body;
      compareWhenBoth();
    }

    void primaryFailed() {
      failed = true;
      mirrorBody = null;
    }

    private void compareWhenBoth() {
      if (primaryBody != null && mirrorBody != null) {
        byte[] p = primaryBody;
        byte[] m = mirrorBody;
        mirrorBody = null;
        compareLater(stats, p, m);
      }
    }
  }

  /** Parses and compares off the event loop, so that large bodies cost the proxy nothing. */
  private void compareLater(MirrorStats stats, byte[] primary, byte[] mirror) {
    vertx
        .executeBlocking(() -> PredictionComparator.compare(primary, mirror), false)
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
