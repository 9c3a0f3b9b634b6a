package dev.aviary.gateway;

import dev.aviary.gateway.GatewayConfig.Settings;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.io.IOException;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;

/**
 * One user request from routing to answer: attempts on the revision's endpoints, retries, timeout,
 * the answer, and the mirror copy. Runs on its client connection's event loop.
 */
final class Exchange extends Deadlines.Entry {
  static final byte[] SHADOW_LINE = Ascii.bytes(MirrorSender.SHADOW_HEADER + ": true\r\n");

  private final ClientConnection client;
  private final GatewayCore core;
  private final UpstreamPool pool;
  private final MirrorSender mirrorSender;
  private final Settings settings;
  private final RouteRuntime route;
  private final RevisionRuntime rev;
  private ByteBuf request;
  private final int headLength;
  private final boolean headRequest;
  private final boolean keepAlive;
  private final boolean http10KeepAlive;
  private final long start;
  private final List<EndpointState> tried = new ArrayList<>(2);
  private int retries;
  private boolean holdsRetry;
  private boolean done;
  private Attempt current;
  private MirrorSender.Copy mirror;

  Exchange(
      ClientConnection client,
      GatewayCore core,
      UpstreamPool pool,
      MirrorSender mirrorSender,
      Settings settings,
      RouteRuntime route,
      RevisionRuntime rev,
      ByteBuf request,
      int headLength,
      boolean headRequest,
      boolean keepAlive,
      boolean http10KeepAlive,
      long start) {
    this.client = client;
    this.core = core;
    this.pool = pool;
    this.mirrorSender = mirrorSender;
    this.settings = settings;
    this.route = route;
    this.rev = rev;
    this.request = request;
    this.headLength = headLength;
    this.headRequest = headRequest;
    this.keepAlive = keepAlive;
    this.http10KeepAlive = http10KeepAlive;
    this.start = start;
  }

  void begin() {
    rev.stats.inFlight.increment();
    client.deadlines().add(this, start + settings.requestTimeoutMs() * 1_000_000L);
    mirror = mirrorSender.copy(this, pool, route, rev, settings, start);
    attempt(start);
  }

  boolean headRequest() {
    return headRequest;
  }

  /** The request as sent to {@code endpoint}: head, Host, (shadow marker), blank line, body. */
  ByteBuf bytesFor(EndpointState endpoint, boolean shadow) {
    int bodyLength = request.writerIndex() - headLength;
    ByteBuf out =
        client.alloc().directBuffer(request.writerIndex() + endpoint.hostLine.length + 32);
    out.writeBytes(request, 0, headLength).writeBytes(endpoint.hostLine);
    if (shadow) {
      out.writeBytes(SHADOW_LINE);
    }
    out.writeBytes(Responses.CRLF).writeBytes(request, headLength, bodyLength);
    return out;
  }

  private void attempt(long now) {
    EndpointState ep = rev.pick(tried, now, settings.loadBalancing());
    if (ep == null) {
      fail(503, "no ready endpoint for revision " + rev.name + " of route " + route.name, now);
      return;
    }
    tried.add(ep);
    ep.outstanding.incrementAndGet();
    Attempt a = new Attempt(ep);
    current = a;
    a.call = pool.send(ep, bytesFor(ep, false), headRequest, settings.connectTimeoutMs(), a);
  }

  /** One try on one endpoint. */
  private final class Attempt implements UpstreamListener {
    final EndpointState endpoint;
    UpstreamCall call;

    Attempt(EndpointState endpoint) {
      this.endpoint = endpoint;
    }

    @Override
    public void response(Http1Reader response, ByteBuf buf) {
      endpoint.outstanding.decrementAndGet();
      if (done) {
        return;
      }
      int status = response.status();
      long now = System.nanoTime();
      if (status == 502 || status == 503 || status == 504) {
        countFailure(endpoint, now);
      } else {
        endpoint.outlier.success(now, settings.outlier());
      }
      if (status == 503 && mayRetry()) {
        retry(now);
        return;
      }
      respond(response, buf, now);
    }

    @Override
    public void failed(Throwable failure) {
      endpoint.outstanding.decrementAndGet();
      if (done) {
        return;
      }
      long now = System.nanoTime();
      countFailure(endpoint, now);
      boolean connectFailure = failure instanceof ConnectException;
      boolean reset = !connectFailure && failure instanceof IOException;
      if ((connectFailure || reset) && mayRetry()) {
        retry(now);
        return;
      }
      if (connectFailure) {
        fail(
            503,
            "could not connect to " + endpoint.address() + " (revision " + rev.name + ")",
            now);
      } else {
        fail(502, "upstream " + endpoint.address() + " failed: " + describe(failure), now);
      }
    }
  }

  private void countFailure(EndpointState ep, long now) {
    if (ep.outlier.failure(now, settings.outlier(), rev.mayEject(now, settings.outlier()))) {
      rev.stats.ejected();
    }
  }

  private boolean mayRetry() {
    if (retries >= settings.retry().maxRetries() || tried.size() >= rev.endpoints.size()) {
      return false;
    }
    if (!holdsRetry) {
      holdsRetry = core.acquireRetry(settings.retry());
    }
    return holdsRetry;
  }

  private void retry(long now) {
    retries++;
    rev.stats.retried();
    attempt(now);
  }

  @Override
  void expired() {
    if (done) {
      return;
    }
    Attempt pending = current;
    long now = System.nanoTime();
    if (pending != null) {
      countFailure(pending.endpoint, now);
    }
    fail(
        504,
        "upstream timeout after " + settings.requestTimeoutMs() + " ms (revision " + rev.name + ")",
        now);
    if (pending != null && pending.call != null) {
      pending.call.cancel(); // after answering: the attempt's failure is then ignored
    }
  }

  /** Passes the upstream's answer on: its status line and end-to-end headers, then the body. */
  private void respond(Http1Reader response, ByteBuf in, long now) {
    int status = response.status();
    ByteBuf body = response.body(in);
    int bodyLength = body.readableBytes();
    ByteBuf out = client.alloc().directBuffer(response.headLength() + bodyLength + 96);
    out.writeBytes(Responses.HTTP_11);
    response.writeStatus(out);
    out.writeBytes(Responses.CRLF);
    int fields = response.fieldCount();
    for (int f = 0; f < fields; f++) {
      boolean forward =
          !response.isHopByHop(f)
              // A HEAD answer's length describes the body a GET would get: kept as it is.
              || headRequest && response.nameIs(f, "content-length");
      if (forward && !response.nameIs(f, ProxyServer.REVISION_HEADER)) {
        response.writeField(out, f);
      }
    }
    if (!headRequest && status != 204 && status != 304) {
      Responses.contentLength(out, bodyLength);
    }
    out.writeBytes(Responses.REVISION).writeBytes(rev.nameBytes).writeBytes(Responses.CRLF);
    Responses.connection(out, !keepAlive, http10KeepAlive);
    out.writeBytes(Responses.CRLF);
    out.writeBytes(body, body.readerIndex(), bodyLength);
    if (mirror != null && mirror.wantsPrimary()) {
      mirror.primary(ByteBufUtil.getBytes(body, body.readerIndex(), bodyLength));
    }
    // Count the request before answering, so that a client that has its answer also sees it in
    // the statistics.
    finish(status, now);
    client.respond(out, !keepAlive);
  }

  private void fail(int status, String message, long now) {
    finish(status, now);
    client.respond(
        Responses.error(client.alloc(), status, message, rev.name, !keepAlive, http10KeepAlive),
        !keepAlive);
    if (mirror != null) {
      mirror.primaryFailed();
    }
  }

  private void finish(int status, long now) {
    done = true;
    client.deadlines().remove(this);
    if (holdsRetry) {
      holdsRetry = false;
      core.releaseRetry();
    }
    request.release();
    request = null;
    rev.stats.inFlight.decrement();
    rev.stats.record(status, now - start);
    core.active.decrementAndGet();
  }

  private static String describe(Throwable t) {
    String m = t.getMessage();
    return m == null ? t.getClass().getSimpleName() : m;
  }
}
