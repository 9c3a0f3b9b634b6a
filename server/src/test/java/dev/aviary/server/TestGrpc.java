package dev.aviary.server;

import com.google.protobuf.MessageLite;
import com.google.protobuf.MessageOrBuilder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.common.GrpcMessageDecoder;
import io.vertx.grpc.common.GrpcMessageEncoder;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.common.ServiceName;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A real gRPC client (HTTP/2 over loopback) for unary and server-streaming calls in the tests. */
final class TestGrpc implements AutoCloseable {
  private final Vertx vertx = Vertx.vertx();
  private final GrpcClient client = GrpcClient.client(vertx);
  private final SocketAddress address;

  TestGrpc(int port) {
    address = SocketAddress.inetSocketAddress(port, "127.0.0.1");
  }

  /** The status of a call and, when it is OK, its reply. */
  record Reply<R>(GrpcStatus status, String message, R body) {}

  <Q extends MessageLite, R> Reply<R> call(
      ServiceName service, String method, Q request, MessageOrBuilder replyPrototype) {
    ServiceMethod<R, Q> m =
        ServiceMethod.client(
            service,
            method,
            GrpcMessageEncoder.<Q>encoder(),
            GrpcMessageDecoder.<R>decoder(replyPrototype));
    try {
      return client
          .request(address, m)
          .compose(req -> req.send(request))
          .compose(
              // last() buffers the unary reply even when it arrives before a handler could be set
              resp ->
                  resp.last()
                      .transform(
                          ar ->
                              Future.succeededFuture(
                                  new Reply<>(
                                      resp.status(),
                                      resp.statusMessage(),
                                      ar.succeeded() ? ar.result() : null))))
          .toCompletionStage()
          .toCompletableFuture()
          .get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("gRPC call " + method + " failed: " + e, e);
    }
  }

  /** A server-streaming call in progress: the messages received so far and how it ended. */
  record Stream<R>(BlockingQueue<R> messages, CompletableFuture<GrpcStatus> end) {
    R next() throws InterruptedException {
      R r = messages.poll(30, TimeUnit.SECONDS);
      if (r == null) {
        throw new AssertionError("no message within 30 s");
      }
      return r;
    }
  }

  /** Starts a server-streaming call; messages are collected as they arrive. */
  <Q extends MessageLite, R> Stream<R> stream(
      ServiceName service, String method, Q request, MessageOrBuilder replyPrototype) {
    ServiceMethod<R, Q> m =
        ServiceMethod.client(
            service,
            method,
            GrpcMessageEncoder.<Q>encoder(),
            GrpcMessageDecoder.<R>decoder(replyPrototype));
    Stream<R> s = new Stream<>(new LinkedBlockingQueue<>(), new CompletableFuture<>());
    client
        .request(address, m)
        .compose(req -> req.send(request))
        .onSuccess(
            resp -> {
              resp.handler(s.messages()::add);
              resp.endHandler(v -> s.end().complete(resp.status()));
              resp.exceptionHandler(s.end()::completeExceptionally);
            })
        .onFailure(s.end()::completeExceptionally);
    return s;
  }

  <Q extends MessageLite, R> Reply<R> oip(String method, Q request, MessageOrBuilder prototype) {
    return call(GrpcFront.OIP, method, request, prototype);
  }

  @Override
  public void close() {
    vertx.close();
  }
}
