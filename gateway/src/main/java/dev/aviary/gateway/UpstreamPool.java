package dev.aviary.gateway;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.group.ChannelGroup;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * The keep-alive upstream connections of one event loop: every connection is opened, used and
 * closed on that loop, so nothing here is shared between threads. At most {@code maxPerEndpoint}
 * connections per endpoint; calls beyond wait for one to come free.
 */
final class UpstreamPool {
  private final EventLoop loop;
  private final ChannelFactory<? extends Channel> channels;
  private final int maxPerEndpoint;
  private final ChannelGroup all;
  private final Map<EndpointState, Slot> slots = new HashMap<>();

  /** The connections of one endpoint. */
  static final class Slot {
    final EndpointState endpoint;
    final ArrayDeque<UpstreamConnection> idle = new ArrayDeque<>();
    final ArrayDeque<UpstreamCall> waiting = new ArrayDeque<>();
    int open;

    Slot(EndpointState endpoint) {
      this.endpoint = endpoint;
    }
  }

  UpstreamPool(
      EventLoop loop,
      ChannelFactory<? extends Channel> channels,
      int maxPerEndpoint,
      ChannelGroup all) {
    this.loop = loop;
    this.channels = channels;
    this.maxPerEndpoint = maxPerEndpoint;
    this.all = all;
  }

  EventLoop loop() {
    return loop;
  }

  /** Sends {@code request} (whose ownership passes to the call) to {@code endpoint}. */
  UpstreamCall send(
      EndpointState endpoint,
      ByteBuf request,
      boolean headRequest,
      int connectTimeoutMs,
      UpstreamListener listener) {
    UpstreamCall call =
        new UpstreamCall(this, endpoint, request, headRequest, connectTimeoutMs, listener);
    Slot slot = slots.get(endpoint);
    if (slot == null) {
      slot = new Slot(endpoint);
      slots.put(endpoint, slot);
    }
    UpstreamConnection c;
    // Most recently used first: the fewest connections stay warm.
    while ((c = slot.idle.pollLast()) != null) {
      if (c.usable()) {
        c.send(call);
        return call;
      }
    }
    if (slot.open < maxPerEndpoint) {
      connect(slot, call);
    } else {
      slot.waiting.add(call);
    }
    return call;
  }

  private void connect(Slot slot, UpstreamCall call) {
    slot.open++;
    UpstreamConnection connection = new UpstreamConnection(this, slot);
    ChannelFuture f =
        new Bootstrap()
            .group(loop)
            .channelFactory(channels)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, call.connectTimeoutMs)
            .handler(connection)
            .connect(new InetSocketAddress(slot.endpoint.host, slot.endpoint.port));
    all.add(f.channel());
    f.addListener(
        done -> {
          if (!done.isSuccess()) {
            // channelInactive may not run for a channel that never connected.
            connection.connectFailed();
            call.fail(done.cause());
            return;
          }
          if (call.ended()) {
            released(connection);
          } else {
            connection.send(call);
          }
        });
  }

  /** A call that waits for a connection was cancelled. */
  void forget(UpstreamCall call) {
    Slot slot = slots.get(call.endpoint);
    if (slot != null) {
      slot.waiting.remove(call);
    }
  }

  /** A connection finished its call and may be reused. */
  void released(UpstreamConnection c) {
    Slot slot = c.slot;
    UpstreamCall next;
    while ((next = slot.waiting.poll()) != null) {
      if (!next.ended()) {
        c.send(next);
        return;
      }
    }
    slot.idle.addLast(c);
  }

  /** A connection closed (or never opened): its place may go to a waiting call. */
  void closed(UpstreamConnection c) {
    Slot slot = c.slot;
    slot.idle.remove(c);
    slot.open--;
    UpstreamCall next;
    while ((next = slot.waiting.poll()) != null) {
      if (!next.ended()) {
        connect(slot, next);
        return;
      }
    }
  }
}
