package dev.aviary.gateway;

import dev.aviary.durations.Durations;
import dev.aviary.gateway.GatewayConfig.Settings;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * One client connection: reads requests one at a time (pipelined ones wait their turn, in order),
 * answers what the gateway answers itself, and hands the rest to an {@link Exchange}. Everything
 * happens on the connection's event loop.
 */
final class ClientConnection extends ChannelInboundHandlerAdapter {
  /** Request line and headers; Netty's defaults are 4 KB + 8 KB. */
  static final int MAX_HEAD_BYTES = 12 * 1024;

  /** Bytes of later (pipelined) requests read while one is in progress before reading pauses. */
  private static final int MAX_READ_AHEAD = 64 * 1024;

  private static final long LINGER_MILLIS = 2_000;

  private static final byte[] FORWARDED_FOR = Ascii.bytes("x-forwarded-for: ");
  private static final byte[] LIST_SEPARATOR = Ascii.bytes(", ");

  private final ProxyServer server;
  private final GatewayCore core;
  private Channel channel;
  private ByteBufAllocator alloc;
  private UpstreamPool pool;
  private Deadlines deadlines;
  private byte[] clientAddress;
  private Http1Reader reader;
  private ByteBuf received;
  private boolean busy;
  private boolean closing;
  private boolean processing;
  private boolean continueSent;
  private int upstreamHeadLength;
  private ProxyServer.ClientTimers timers;
  private final ReadTimer timer = new ReadTimer();
  private Deadlines timerList;
  private Phase phase = Phase.NONE;

  /** What the connection waits for from its client, each with its own timeout. */
  private enum Phase {
    NONE, // an exchange is in progress (its own timeouts apply) or the connection is closing
    IDLE, // no request begun
    HEAD, // a request begun, its head not complete
    BODY // the head complete, the body not
  }

  private final class ReadTimer extends Deadlines.Entry {
    @Override
    void expired() {
      timerList = null;
      timedOut();
    }
  }

  ClientConnection(ProxyServer server, GatewayCore core) {
    this.server = server;
    this.core = core;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    channel = ctx.channel();
    alloc = ctx.alloc();
    pool = server.pool(channel.eventLoop());
    deadlines = server.deadlines(channel.eventLoop());
    reader = new Http1Reader(true, MAX_HEAD_BYTES, alloc);
    reader.reset(core.table().config.settings().maxRequestBytes(), false);
    // Formatted once per connection: it goes into x-forwarded-for of every request.
    SocketAddress remote = channel.remoteAddress();
    if (remote instanceof InetSocketAddress inet && inet.getAddress() != null) {
      clientAddress = Ascii.bytes(inet.getAddress().getHostAddress());
    }
    timers = server.clientTimers(channel.eventLoop());
    if (!server.opened(channel)) {
      closeWith(
          Responses.error(
              alloc,
              503,
              "too many connections: the gateway holds its limit of "
                  + server.limits().maxConnections()
                  + " client connections and none is idle",
              null,
              true,
              false));
      return;
    }
    updateTimer();
  }

  /**
   * Starts the timer of the phase the connection is in when the phase changed; a phase's deadline
   * counts from its start, so a client trickling bytes cannot extend it.
   */
  private void updateTimer() {
    Phase next;
    if (closing || busy) {
      next = Phase.NONE;
    } else if (received == null || !received.isReadable()) {
      next = Phase.IDLE;
    } else {
      next = reader.headDone() ? Phase.BODY : Phase.HEAD;
    }
    if (next == phase) {
      return;
    }
    cancelTimer();
    phase = next;
    ClientLimits limits = server.limits();
    long now = System.nanoTime();
    switch (next) {
      case IDLE -> arm(timers.idle, now + limits.idleTimeout().toNanos());
      case HEAD -> arm(timers.head, now + limits.headTimeout().toNanos());
      case BODY -> arm(timers.body, now + limits.bodyTimeout().toNanos());
      case NONE -> {}
    }
  }

  private void arm(Deadlines list, long deadline) {
    timerList = list;
    list.add(timer, deadline);
  }

  private void cancelTimer() {
    if (timerList != null) {
      timerList.remove(timer);
      timerList = null;
    }
  }

  private void timedOut() {
    Phase was = phase;
    phase = Phase.NONE;
    if (closing) {
      return;
    }
    ClientLimits limits = server.limits();
    switch (was) {
      case IDLE -> {
        core.metrics.idleClosed.increment();
        closing = true;
        channel.close();
      }
      case HEAD -> {
        core.metrics.headTimedOut.increment();
        closeWith(
            Responses.error(
                alloc,
                408,
                "the request head did not arrive within " + Durations.format(limits.headTimeout()),
                null,
                true,
                false));
      }
      case BODY -> {
        core.metrics.bodyTimedOut.increment();
        closeWith(
            Responses.error(
                alloc,
                408,
                "the request body did not arrive within " + Durations.format(limits.bodyTimeout()),
                null,
                true,
                false));
      }
      case NONE -> {}
    }
  }

  Deadlines deadlines() {
    return deadlines;
  }

  ByteBufAllocator alloc() {
    return alloc;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf in = (ByteBuf) msg;
    if (closing) {
      in.release();
      return;
    }
    received =
        received == null ? in : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(alloc, received, in);
    if (busy) {
      if (received.readableBytes() > MAX_READ_AHEAD) {
        channel.config().setAutoRead(false);
      }
      return;
    }
    process();
  }

  private void process() {
    if (processing) {
      return; // an answer given while dispatching: the loop below carries on
    }
    processing = true;
    try {
      while (!busy && !closing && received != null && received.isReadable()) {
        boolean complete;
        try {
          complete = reader.read(received);
        } catch (BadHttpException e) {
          reject(e);
          return;
        }
        if (reader.headDone() && reader.unsupportedExpectation()) {
          closeWith(
              Responses.error(
                  alloc, 417, "only the expectation 100-continue is supported", null, true, false));
          return;
        }
        if (!complete) {
          if (reader.headDone()
              && reader.expectContinue()
              && !continueSent
              && reader.minorVersion() == 1) {
            continueSent = true;
            channel.writeAndFlush(
                Unpooled.wrappedBuffer(Responses.CONTINUE), channel.voidPromise());
          }
          break;
        }
        dispatch();
      }
    } finally {
      processing = false;
      if (received != null && !received.isReadable()) {
        received.release();
        received = null;
      }
      updateTimer();
    }
  }

  private void reject(BadHttpException e) {
    if (e.tooLarge()) {
      core.metrics.tooLarge.increment();
      closeWith(Responses.error(alloc, 413, tooLargeMessage(), null, true, false));
    } else {
      closeWith(
          Responses.error(
              alloc, 400, "malformed HTTP request: " + e.getMessage(), null, true, false));
    }
  }

  private String tooLargeMessage() {
    return "request body larger than "
        + core.table().config.settings().maxRequestBytes()
        + " bytes";
  }

  /**
   * Sends the last answer of the connection, then closes it the way nginx's lingering close does:
   * first only our side (FIN), still reading and dropping what the client sends, and fully when the
   * client closes too or {@value #LINGER_MILLIS} ms later. Closing at once while a client is still
   * sending (a body over the limit, say) makes the kernel answer with a reset, which can destroy
   * the answer before the client has read it.
   */
  private void closeWith(ByteBuf answer) {
    closing = true;
    cancelTimer();
    phase = Phase.NONE;
    channel.config().setAutoRead(true);
    channel
        .writeAndFlush(answer)
        .addListener(
            written -> {
              if (!written.isSuccess() || !(channel instanceof SocketChannel socket)) {
                channel.close();
                return;
              }
              socket
                  .shutdownOutput()
                  .addListener(
                      shut ->
                          channel
                              .eventLoop()
                              .schedule(
                                  () -> channel.close(),
                                  LINGER_MILLIS,
                                  java.util.concurrent.TimeUnit.MILLISECONDS));
            });
  }

  /** A whole request is in {@code received}: answer it or start its exchange. */
  private void dispatch() {
    long start = System.nanoTime();
    RoutingTable table = core.table();
    Settings settings = table.config.settings();
    boolean keepAlive = reader.keepAlive() && !server.draining();
    boolean http10KeepAlive = keepAlive && reader.minorVersion() == 0;
    String path = reader.path();
    RouteRuntime route = table.match(path);
    if (route == null) {
      core.metrics.noRoute.increment();
      nextRequest(settings);
      respond(
          Responses.error(
              alloc, 404, "no route for path " + path, null, !keepAlive, http10KeepAlive),
          !keepAlive);
      return;
    }
    if (core.active.incrementAndGet() > settings.maxConcurrentRequests()) {
      core.active.decrementAndGet();
      core.metrics.overloaded.increment();
      nextRequest(settings);
      String message =
          "gateway overloaded: " + settings.maxConcurrentRequests() + " requests in flight";
      respond(Responses.error(alloc, 503, message, null, !keepAlive, http10KeepAlive), !keepAlive);
      return;
    }
    RevisionRuntime rev = route.choose(reader::header, reader::cookie);
    boolean headRequest = reader.methodIs("HEAD");
    ByteBuf request = upstreamRequest();
    int headLength = upstreamHeadLength;
    nextRequest(settings);
    busy = true;
    new Exchange(
            this,
            core,
            pool,
            server.mirror(),
            settings,
            route,
            rev,
            request,
            headLength,
            headRequest,
            keepAlive,
            http10KeepAlive,
            start)
        .begin();
  }

  private void nextRequest(Settings settings) {
    reader.consume(received, settings.maxRequestBytes(), false);
    continueSent = false;
  }

  /**
   * The request for the upstream: request line, the client's headers minus hop-by-hop ones,
   * x-forwarded-for, content-length, then the body. The Host line and the blank line go between
   * head and body for each attempt ({@link Exchange}); the head's length is left in {@link
   * #upstreamHeadLength}.
   */
  private ByteBuf upstreamRequest() {
    Http1Reader r = reader;
    ByteBuf body = r.body(received);
    int bodyLength = body.readableBytes();
    ByteBuf out = alloc.directBuffer(r.headLength() + bodyLength + 96);
    r.writeRequestLine(out);
    int forwarded = 0;
    int fields = r.fieldCount();
    for (int f = 0; f < fields; f++) {
      if (r.isHopByHop(f)) {
        continue;
      }
      if (r.nameIs(f, "x-forwarded-for")) {
        forwarded++;
        continue;
      }
      r.writeField(out, f);
    }
    if (forwarded > 0 || clientAddress != null) {
      out.writeBytes(FORWARDED_FOR);
      boolean first = true;
      for (int f = 0; f < fields && forwarded > 0; f++) {
        if (!r.valueEmpty(f) && r.nameIs(f, "x-forwarded-for")) {
          if (!first) {
            out.writeBytes(LIST_SEPARATOR);
          }
          r.writeValue(out, f);
          first = false;
        }
      }
      if (clientAddress != null) {
        if (!first) {
          out.writeBytes(LIST_SEPARATOR);
        }
        out.writeBytes(clientAddress);
      }
      out.writeBytes(Responses.CRLF);
    }
    if (r.framed() || bodyLength > 0) {
      Responses.contentLength(out, bodyLength);
    }
    upstreamHeadLength = out.writerIndex();
    out.writeBytes(body, body.readerIndex(), bodyLength);
    return out;
  }

  /** Sends the answer to the request in progress (or just dispatched) and goes on reading. */
  void respond(ByteBuf answer, boolean close) {
    busy = false;
    if (closing) {
      answer.release();
      return;
    }
    if (close) {
      closeWith(answer);
      return;
    }
    channel.writeAndFlush(answer, channel.voidPromise());
    if (!channel.config().isAutoRead()) {
      channel.config().setAutoRead(true);
    }
    process();
  }

  boolean idle() {
    return !busy;
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    closing = true;
    cancelTimer();
    phase = Phase.NONE;
    if (received != null) {
      received.release();
      received = null;
    }
    if (reader != null) {
      reader.release();
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close(); // a reset or a failed write: the client is gone
  }
}
