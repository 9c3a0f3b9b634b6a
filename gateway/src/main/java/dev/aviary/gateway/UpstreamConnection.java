package dev.aviary.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.io.IOException;

/** One keep-alive connection to an upstream endpoint, carrying one call at a time. */
final class UpstreamConnection extends ChannelInboundHandlerAdapter {
  /** Answers are buffered whole; one larger than this is refused (502). */
  static final int MAX_RESPONSE_BYTES = 256 * 1024 * 1024;

  private static final int MAX_HEAD_BYTES = 64 * 1024;

  final UpstreamPool.Slot slot;
  private final UpstreamPool pool;
  private Channel channel;
  private Http1Reader reader;
  private ByteBuf received;
  private UpstreamCall call;
  private Throwable error;
  private boolean gone;

  UpstreamConnection(UpstreamPool pool, UpstreamPool.Slot slot) {
    this.pool = pool;
    this.slot = slot;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    channel = ctx.channel();
    reader = new Http1Reader(false, MAX_HEAD_BYTES, ctx.alloc());
  }

  boolean usable() {
    return !gone && channel.isActive();
  }

  void send(UpstreamCall c) {
    call = c;
    reader.reset(MAX_RESPONSE_BYTES, c.headRequest);
    // A failed write closes the channel (exceptionCaught), which fails the call.
    channel.writeAndFlush(c.takeRequest(this), channel.voidPromise());
  }

  /** Cancels the call in progress by closing the connection. */
  void abort() {
    channel.close();
  }

  void connectFailed() {
    if (!gone) {
      gone = true;
      pool.closed(this);
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf in = (ByteBuf) msg;
    if (call == null || gone) {
      in.release(); // nothing was asked: the connection is out of step, drop it
      ctx.close();
      return;
    }
    received =
        received == null
            ? in
            : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), received, in);
    try {
      while (reader.read(received)) {
        int status = reader.status();
        if (status / 100 != 1) {
          complete();
          return;
        }
        if (status == 101) {
          throw BadHttpException.malformed("unexpected protocol switch");
        }
        reader.consume(received, MAX_RESPONSE_BYTES, call.headRequest); // 100 Continue & co
      }
    } catch (BadHttpException e) {
      error =
          new UpstreamException(
              (e.tooLarge() ? "response too large: " : "malformed response: ") + e.getMessage());
      ctx.close();
    }
  }

  private void complete() {
    UpstreamCall c = call;
    call = null;
    boolean reusable = reader.keepAlive();
    int length = reader.messageLength();
    try {
      c.succeed(reader, received);
    } finally {
      received.skipBytes(length);
      reader.release();
      if (received.isReadable()) {
        reusable = false; // bytes nobody asked for
      }
      received.release();
      received = null;
    }
    if (reusable && channel.isActive()) {
      pool.released(this);
    } else {
      channel.close();
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (error == null) {
      error = cause;
    }
    ctx.close();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (!gone) {
      gone = true;
      pool.closed(this);
    }
    UpstreamCall c = call;
    if (c != null) {
      call = null;
      if (error == null && reader.closed(received)) {
        // A body that runs until the connection closes has ended.
        c.succeed(reader, received); // the head is in it, so it is there
      } else {
        c.fail(error != null ? error : new IOException("connection closed by upstream"));
      }
    }
    reader.release();
    if (received != null) {
      received.release();
      received = null;
    }
  }
}
