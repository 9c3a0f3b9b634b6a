package dev.aviary.gateway;

import io.netty.buffer.ByteBuf;

/** Hears how one upstream call ended; exactly one of the two methods is called, on the loop. */
interface UpstreamListener {
  /**
   * The whole response arrived. {@code response} describes it with positions in {@code buf}; both
   * are only valid during this call.
   */
  void response(Http1Reader response, ByteBuf buf);

  /**
   * No response: connecting failed ({@link java.net.ConnectException}), the connection broke or was
   * closed ({@link java.io.IOException}), the call was cancelled, or the answer was not valid HTTP
   * ({@link UpstreamException}).
   */
  void failed(Throwable cause);
}
