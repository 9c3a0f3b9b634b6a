// BENCHMARK TOOL ONLY - not part of Aviary. A minimal HTTP/1.1 reverse proxy written directly on
// Netty (no Vert.x): HTTP codecs and aggregators, a fixed weighted rotation, one thread-confined
// keep-alive pool per event loop, Java NIO like the gateway. It tells how
// much of the gateway's CPU per request Vert.x adds on top of Netty (no error handling: a
// measuring tool, not a proxy).
//
//   java -cp cli/target/aviary-all.jar bench/gateway/NettyPassThrough.java \
//     PORT EVENT_LOOPS host:port[*weight] ...

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

public final class NettyPassThrough {
  static final AttributeKey<ChannelHandlerContext> DOWNSTREAM = AttributeKey.valueOf("down");

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    int loops = Integer.parseInt(args[1]);
    List<InetSocketAddress> rotation = new ArrayList<>();
    for (int i = 2; i < args.length; i++) {
      String[] spec = args[i].split("\\*");
      int weight = spec.length > 1 ? Integer.parseInt(spec[1]) : 1;
      String[] hp = spec[0].split(":");
      for (int w = 0; w < weight; w++) {
        rotation.add(new InetSocketAddress(hp[0], Integer.parseInt(hp[1])));
      }
    }
    InetSocketAddress[] targets = rotation.toArray(new InetSocketAddress[0]);
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(loops, NioIoHandler.newFactory());
    new ServerBootstrap()
        .group(group)
        .channel(NioServerSocketChannel.class)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(
            new ChannelInitializer<SocketChannel>() {
              @Override
              protected void initChannel(SocketChannel ch) {
                ch.pipeline()
                    .addLast(new HttpServerCodec())
                    .addLast(new HttpObjectAggregator(1 << 20))
                    .addLast(new Front(targets));
              }
            })
        .bind("127.0.0.1", port)
        .sync();
    System.out.println("netty pass-through listening on " + port);
  }

  /** Per downstream connection; upstream pools are per event loop (thread-confined). */
  static final class Front extends SimpleChannelInboundHandler<FullHttpRequest> {
    static final ThreadLocal<Map<InetSocketAddress, ArrayDeque<Channel>>> POOLS =
        ThreadLocal.withInitial(HashMap::new);
    static final ThreadLocal<int[]> NEXT = ThreadLocal.withInitial(() -> new int[1]);
    private final InetSocketAddress[] targets;

    Front(InetSocketAddress[] targets) {
      super(false);
      this.targets = targets;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
      int[] next = NEXT.get();
      InetSocketAddress target = targets[next[0]++ % targets.length];
      req.headers().set(HttpHeaderNames.HOST, target.getHostString() + ":" + target.getPort());
      ArrayDeque<Channel> pool = POOLS.get().computeIfAbsent(target, t -> new ArrayDeque<>());
      Channel up = pool.pollFirst();
      if (up != null && up.isActive()) {
        up.attr(DOWNSTREAM).set(ctx);
        up.writeAndFlush(req);
        return;
      }
      new Bootstrap()
          .group(ctx.channel().eventLoop())
          .channel(NioSocketChannel.class)
          .option(ChannelOption.TCP_NODELAY, true)
          .handler(
              new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                  ch.pipeline()
                      .addLast(new HttpClientCodec())
                      .addLast(new HttpObjectAggregator(1 << 20))
                      .addLast(new Back(target, pool));
                }
              })
          .connect(target)
          .addListener(
              f -> {
                if (f.isSuccess()) {
                  Channel ch = ((io.netty.channel.ChannelFuture) f).channel();
                  ch.attr(DOWNSTREAM).set(ctx);
                  ch.writeAndFlush(req);
                } else {
                  req.release();
                  ctx.close();
                }
              });
    }
  }

  static final class Back extends SimpleChannelInboundHandler<FullHttpResponse> {
    private final ArrayDeque<Channel> pool;

    Back(InetSocketAddress target, ArrayDeque<Channel> pool) {
      super(false);
      this.pool = pool;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse resp) {
      ChannelHandlerContext down = ctx.channel().attr(DOWNSTREAM).getAndSet(null);
      pool.addLast(ctx.channel());
      down.writeAndFlush(resp);
    }
  }
}
