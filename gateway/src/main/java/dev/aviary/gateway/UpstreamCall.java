package dev.aviary.gateway;

import io.netty.buffer.ByteBuf;
import java.io.IOException;

/** One request on its way to an upstream endpoint: waiting for a connection, or sent on one. */
final class UpstreamCall {
  private static final IOException CANCELLED =
      new IOException("cancelled") {
        @Override
        public synchronized Throwable fillInStackTrace() {
          return this;
        }
      };

  final EndpointState endpoint;
  final boolean headRequest;
  final int connectTimeoutMs;
  private final UpstreamPool pool;
  private final UpstreamListener listener;
  private ByteBuf request;
  private UpstreamConnection connection;
  private boolean ended;

  UpstreamCall(
      UpstreamPool pool,
      EndpointState endpoint,
      ByteBuf request,
      boolean headRequest,
      int connectTimeoutMs,
      UpstreamListener listener) {
    this.pool = pool;
    this.endpoint = endpoint;
    this.request = request;
    this.headRequest = headRequest;
    this.connectTimeoutMs = connectTimeoutMs;
    this.listener = listener;
  }

  boolean ended() {
    return ended;
  }

  /** Hands the request bytes to the connection that sends them (once). */
  ByteBuf takeRequest(UpstreamConnection on) {
    connection = on;
    ByteBuf r = request;
    request = null;
    return r;
  }

  /** Gives up on the call: a sent request's connection is closed (like a reset). */
  void cancel() {
    if (ended) {
      return;
    }
    if (connection != null) {
      connection.abort();
    } else {
      pool.forget(this);
      fail(CANCELLED);
    }
  }

  void succeed(Http1Reader response, ByteBuf buf) {
    if (!ended) {
      ended = true;
      listener.response(response, buf);
    }
  }

  void fail(Throwable cause) {
    if (!ended) {
      ended = true;
      if (request != null) {
        request.release();
        request = null;
      }
      listener.failed(cause);
    }
  }
}
