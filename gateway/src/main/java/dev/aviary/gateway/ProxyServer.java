package dev.aviary.gateway;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.internal.VertxInternal;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The traffic port: a Netty server on the Vert.x instance's event loops. Each client connection
 * stays on one loop, and so do the upstream connections it uses (one pool per loop), so a request
 * never changes threads.
 */
final class ProxyServer {
  static final String REVISION_HEADER = "x-aviary-revision";

  private final VertxInternal vertx;
  private final GatewayCore core;
  private final int maxConnectionsPerEndpoint;
  private final MirrorSender mirror;
  private final ChannelFactory<? extends Channel> upstreamChannels;
  private final ChannelGroup clients = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private final ChannelGroup upstreams = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private final Map<EventLoop, UpstreamPool> pools = new ConcurrentHashMap<>();
  private final Map<EventLoop, Deadlines> deadlines = new ConcurrentHashMap<>();
  private final Map<EventLoop, ClientTimers> clientTimers = new ConcurrentHashMap<>();
  private final ClientLimits limits;
  private volatile boolean draining;
  private Channel listener;

  private ProxyServer(
      VertxInternal vertx, GatewayCore core, int maxConnectionsPerEndpoint, ClientLimits limits) {
    this.vertx = vertx;
    this.limits = limits;
    this.core = core;
    this.maxConnectionsPerEndpoint = maxConnectionsPerEndpoint;
    this.mirror = new MirrorSender(core, vertx);
    this.upstreamChannels = vertx.transport().channelFactory(false);
  }

  /** Listens on {@code host:port} (0: a free port). */
  static Future<ProxyServer> start(
      VertxInternal vertx,
      GatewayCore core,
      String host,
      int port,
      int maxConnectionsPerEndpoint,
      ClientLimits limits) {
    ProxyServer server = new ProxyServer(vertx, core, maxConnectionsPerEndpoint, limits);
    Promise<ProxyServer> started = Promise.promise();
    new ServerBootstrap()
        .group(vertx.acceptorEventLoopGroup(), vertx.nettyEventLoopGroup())
        .channelFactory(vertx.transport().serverChannelFactory(false))
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
        .childHandler(
            new ChannelInitializer<>() {
              @Override
              protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new ClientConnection(server, core));
              }
            })
        .bind(host, port)
        .addListener(
            f -> {
              if (f.isSuccess()) {
                server.listener = ((io.netty.channel.ChannelFuture) f).channel();
                started.complete(server);
              } else {
                started.fail(f.cause());
              }
            });
    return started.future();
  }

  int port() {
    return ((InetSocketAddress) listener.localAddress()).getPort();
  }

  UpstreamPool pool(EventLoop loop) {
    return pools.computeIfAbsent(
        loop, l -> new UpstreamPool(l, upstreamChannels, maxConnectionsPerEndpoint, upstreams));
  }

  Deadlines deadlines(EventLoop loop) {
    return deadlines.computeIfAbsent(loop, Deadlines::new);
  }

  /** The idle, head and body timers of the client connections of {@code loop}. */
  ClientTimers clientTimers(EventLoop loop) {
    return clientTimers.computeIfAbsent(loop, ClientTimers::new);
  }

  ClientLimits limits() {
    return limits;
  }

  MirrorSender mirror() {
    return mirror;
  }

  /**
   * Counts a new client connection in; at the limit it takes the place of the longest-idle
   * connection of its event loop. False when every connection there is busy: the caller refuses it.
   */
  boolean opened(Channel client) {
    if (clients.size() >= limits.maxConnections()
        && !clientTimers(client.eventLoop()).idle.expireFirst()) {
      core.metrics.tooManyConnections.increment();
      return false;
    }
    clients.add(client);
    return true;
  }

  /** One event loop's client timers, one list per kind so that each stays in deadline order. */
  static final class ClientTimers {
    final Deadlines idle;
    final Deadlines head;
    final Deadlines body;

    ClientTimers(EventLoop loop) {
      idle = new Deadlines(loop);
      head = new Deadlines(loop);
      body = new Deadlines(loop);
    }
  }

  /** While draining, answers close their connections. */
  boolean draining() {
    return draining;
  }

  /**
   * Stops accepting connections, lets requests in flight finish (up to {@code drainMillis}), then
   * closes every connection, upstream ones included (abandoning pending mirror copies: they are
   * best effort).
   */
  Future<Void> stop(long drainMillis) {
    draining = true;
    Promise<Void> stopped = Promise.promise();
    listener
        .close()
        .addListener(
            closed -> {
              long deadline = System.nanoTime() + drainMillis * 1_000_000;
              awaitDrained(deadline, stopped);
            });
    return stopped.future();
  }

  private void awaitDrained(long deadline, Promise<Void> stopped) {
    if (core.active.get() > 0 && System.nanoTime() < deadline) {
      vertx.setTimer(20, id -> awaitDrained(deadline, stopped));
      return;
    }
    clients.close().addListener(c -> upstreams.close().addListener(u -> stopped.tryComplete()));
  }
}
