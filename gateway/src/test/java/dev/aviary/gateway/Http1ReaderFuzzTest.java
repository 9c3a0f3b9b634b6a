package dev.aviary.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Any bytes a client sends either read as requests whose framing is unambiguous, or are refused
 * with {@link BadHttpException}; never another exception. Checked against the raw bytes of each
 * head accepted (not against the reader's own view of them), whichever way the bytes arrive, and by
 * reading again what the gateway would forward: it must be exactly one request, the same one.
 */
class Http1ReaderFuzzTest {
  private static final int MAX_HEAD = 1024;
  private static final int MAX_BODY = 4096;
  private static final int MAX_MESSAGES = 4;

  @FuzzTest(maxDuration = "2m")
  void requests(FuzzedDataProvider data) {
    byte[] bytes = data.consumeRemainingAsBytes();
    List<String> whole = readAll(bytes, bytes.length);
    List<String> byteByByte = readAll(bytes, 1);
    assertThat(byteByByte).as("the same bytes arriving one at a time").isEqualTo(whole);
  }

  /**
   * Reads {@code bytes} as pipelined requests, arriving {@code step} bytes at a time; one line per
   * message: what the reader made of it, or how it refused it.
   */
  private static List<String> readAll(byte[] bytes, int step) {
    List<String> outcomes = new ArrayList<>();
    Http1Reader reader = new Http1Reader(true, MAX_HEAD, ByteBufAllocator.DEFAULT);
    ByteBuf buf = Unpooled.buffer();
    try {
      reader.reset(MAX_BODY, false);
      int written = 0;
      while (outcomes.size() < MAX_MESSAGES) {
        boolean complete = reader.read(buf);
        if (complete) {
          outcomes.add(checkAccepted(reader, buf));
          reader.consume(buf, MAX_BODY, false);
          continue;
        }
        if (written == bytes.length) {
          outcomes.add("incomplete");
          break;
        }
        int n = Math.min(step, bytes.length - written);
        buf.writeBytes(bytes, written, n);
        written += n;
      }
    } catch (BadHttpException e) {
      assertThat(e.getMessage()).isNotBlank();
      outcomes.add((e.tooLarge() ? "too large: " : "malformed: ") + e.getMessage());
    } finally {
      reader.release();
      buf.release();
    }
    return outcomes;
  }

  /** Checks a complete request against its raw bytes; returns a description of it. */
  private static String checkAccepted(Http1Reader reader, ByteBuf buf) {
    int headLength = reader.headLength();
    byte[] message = ByteBufUtil.getBytes(buf, buf.readerIndex(), reader.messageLength());
    String head = new String(message, 0, headLength, StandardCharsets.ISO_8859_1);
    Framing framing = checkHead(head);
    byte[] body = ByteBufUtil.getBytes(reader.body(buf));
    assertThat(body.length).isEqualTo(reader.bodyLength()).isLessThanOrEqualTo(MAX_BODY);
    if (framing.contentLength >= 0) {
      assertThat(message.length).isEqualTo(headLength + framing.contentLength);
      assertThat(body).isEqualTo(java.util.Arrays.copyOfRange(message, headLength, message.length));
    } else if (framing.chunked) {
      assertThat(decodeChunked(message, headLength)).isEqualTo(body);
    } else {
      assertThat(message.length).as("a request without framing has no body").isEqualTo(headLength);
    }
    checkForwarded(reader, buf, body);
    return reader.path() + " " + message.length + " " + body.length + " " + reader.keepAlive();
  }

  private record Framing(long contentLength, boolean chunked) {}

  /** What the reader promises of a head it accepted, checked on its text. */
  private static Framing checkHead(String head) {
    assertThat(head).endsWith("\r\n\r\n");
    for (int i = 0; i < head.length(); i++) {
      char c = head.charAt(i);
      if (c == '\n') {
        assertThat(i > 0 && head.charAt(i - 1) == '\r').as("LF at %d ends a CRLF", i).isTrue();
      } else if (c == '\r') {
        assertThat(head.charAt(i + 1)).as("CR at %d starts a CRLF", i).isEqualTo('\n');
      } else if (c == 0x7f || (c < 0x20 && c != '\t')) {
        throw new AssertionError("control character " + (int) c + " at " + i);
      }
    }
    String[] lines = head.substring(0, head.length() - 4).split("\r\n", -1);
    String[] requestLine = lines[0].split(" ", -1);
    assertThat(requestLine).hasSize(3);
    assertThat(requestLine[0]).isNotEmpty().doesNotContain("\t");
    assertThat(requestLine[1]).isNotEmpty().doesNotContain("\t");
    assertThat(requestLine[2]).isIn("HTTP/1.0", "HTTP/1.1");
    long contentLength = -1;
    int transferEncodings = 0;
    for (int l = 1; l < lines.length; l++) {
      String line = lines[l];
      int colon = line.indexOf(':');
      assertThat(colon).as("a colon in %s", line).isPositive();
      String name = line.substring(0, colon);
      assertThat(name).as("a header name without whitespace").doesNotContain(" ", "\t");
      String value = line.substring(colon + 1).strip();
      switch (name.toLowerCase(Locale.ROOT)) {
        case "content-length" -> {
          assertThat(value).as("Content-Length").matches("[0-9]{1,18}");
          long length = Long.parseLong(value);
          assertThat(contentLength == -1 || contentLength == length)
              .as("one Content-Length")
              .isTrue();
          contentLength = length;
        }
        case "transfer-encoding" -> {
          assertThat(value).as("Transfer-Encoding").isEqualToIgnoringCase("chunked");
          transferEncodings++;
        }
        default -> {}
      }
    }
    assertThat(transferEncodings).as("at most one Transfer-Encoding").isLessThanOrEqualTo(1);
    boolean chunked = transferEncodings == 1;
    assertThat(chunked && contentLength >= 0).as("Content-Length and Transfer-Encoding").isFalse();
    assertThat(chunked && requestLine[2].equals("HTTP/1.0")).as("chunked HTTP/1.0").isFalse();
    return new Framing(contentLength, chunked);
  }

  /** A plain reading of a chunked body that must end exactly where the message does. */
  private static byte[] decodeChunked(byte[] message, int from) {
    java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
    int p = from;
    while (true) {
      int end = crlf(message, p);
      String line = new String(message, p, end - p, StandardCharsets.ISO_8859_1);
      String size = line.split("[ \t;]", 2)[0];
      assertThat(size).as("chunk size").matches("[0-9a-fA-F]{1,15}");
      int n = (int) Long.parseLong(size, 16);
      p = end + 2;
      if (n == 0) {
        break;
      }
      body.write(message, p, n);
      p += n;
      assertThat(message[p] == '\r' && message[p + 1] == '\n').as("CRLF after a chunk").isTrue();
      p += 2;
    }
    while (true) {
      int end = crlf(message, p);
      if (end == p) {
        assertThat(end + 2).as("the message ends with its trailers").isEqualTo(message.length);
        return body.toByteArray();
      }
      p = end + 2;
    }
  }

  private static int crlf(byte[] message, int from) {
    for (int i = from; i + 1 < message.length; i++) {
      if (message[i] == '\r' && message[i + 1] == '\n') {
        return i;
      }
    }
    throw new AssertionError("no CRLF after " + from);
  }

  /**
   * The request the gateway would send upstream (as {@code ClientConnection} writes it) must read
   * back as one complete request, the same one, and nothing after it.
   */
  private static void checkForwarded(Http1Reader reader, ByteBuf received, byte[] body) {
    ByteBuf out = Unpooled.buffer();
    reader.writeRequestLine(out);
    for (int f = 0; f < reader.fieldCount(); f++) {
      if (!reader.isHopByHop(f)) {
        reader.writeField(out, f);
      }
    }
    out.writeCharSequence(
        "content-length: " + body.length + "\r\nhost: 127.0.0.1:1\r\n\r\n",
        StandardCharsets.ISO_8859_1);
    out.writeBytes(body);
    Http1Reader upstream = new Http1Reader(true, 2 * MAX_HEAD + 64, ByteBufAllocator.DEFAULT);
    try {
      upstream.reset(MAX_BODY, false);
      assertThat(upstream.read(out)).as("the forwarded request is complete").isTrue();
      assertThat(upstream.messageLength()).isEqualTo(out.readableBytes());
      // An absolute-form target without a path ("http://host") is forwarded as "/".
      assertThat(upstream.path()).isEqualTo(reader.path().isEmpty() ? "/" : reader.path());
      assertThat(ByteBufUtil.getBytes(upstream.body(out))).isEqualTo(body);
    } catch (BadHttpException e) {
      throw new AssertionError("the forwarded request is refused: " + e.getMessage(), e);
    } finally {
      upstream.release();
      out.release();
    }
  }
}
