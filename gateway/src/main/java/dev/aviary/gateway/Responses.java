package dev.aviary.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;

/** Writes the heads of the answers the gateway sends to clients. */
final class Responses {
  static final byte[] CRLF = {'\r', '\n'};
  static final byte[] HTTP_11 = Ascii.bytes("HTTP/1.1 ");
  static final byte[] CONTINUE = Ascii.bytes("HTTP/1.1 100 Continue\r\n\r\n");
  static final byte[] CONTENT_LENGTH = Ascii.bytes("content-length: ");
  static final byte[] REVISION = Ascii.bytes("x-aviary-revision: ");
  static final byte[] CLOSE = Ascii.bytes("connection: close\r\n");
  static final byte[] KEEP_ALIVE = Ascii.bytes("connection: keep-alive\r\n");
  private static final byte[] JSON = Ascii.bytes("content-type: application/json\r\n");

  private Responses() {}

  /**
   * A complete JSON error answer {@code {"error": message}}; {@code revision} (may be null) goes
   * into x-aviary-revision.
   */
  static ByteBuf error(
      ByteBufAllocator alloc,
      int status,
      String message,
      String revision,
      boolean close,
      boolean http10KeepAlive) {
    byte[] body = ErrorJson.json(message).getBytes(StandardCharsets.UTF_8);
    ByteBuf out = alloc.buffer(160 + body.length);
    out.writeBytes(HTTP_11);
    out.writeBytes(Ascii.bytes(status + " " + reason(status)));
    out.writeBytes(CRLF);
    out.writeBytes(JSON);
    contentLength(out, body.length);
    if (revision != null) {
      out.writeBytes(REVISION).writeBytes(Ascii.bytes(revision)).writeBytes(CRLF);
    }
    connection(out, close, http10KeepAlive);
    out.writeBytes(CRLF);
    out.writeBytes(body);
    return out;
  }

  static void contentLength(ByteBuf out, long length) {
    out.writeBytes(CONTENT_LENGTH);
    writeDecimal(out, length);
    out.writeBytes(CRLF);
  }

  static void connection(ByteBuf out, boolean close, boolean http10KeepAlive) {
    if (close) {
      out.writeBytes(CLOSE);
    } else if (http10KeepAlive) {
      out.writeBytes(KEEP_ALIVE);
    }
  }

  static void writeDecimal(ByteBuf out, long value) {
    if (value < 10) {
      out.writeByte('0' + (int) value);
      return;
    }
    writeDecimal(out, value / 10);
    out.writeByte('0' + (int) (value % 10));
  }

  static String reason(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 404 -> "Not Found";
      case 413 -> "Request Entity Too Large";
      case 417 -> "Expectation Failed";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      case 504 -> "Gateway Timeout";
      default -> "Error";
    };
  }
}
