package dev.aviary.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ByteProcessor;

/**
 * Reads HTTP/1.x messages, one at a time, from the bytes a connection received, without turning
 * them into objects: the head is validated and its fields are kept as byte ranges, and only what
 * the gateway acts on is looked at (framing, connection, expectation; the rest on demand).
 *
 * <p>All positions are relative to the buffer's reader index, which only moves when the caller
 * {@link #consume consumes} a whole message, so the buffer may be grown or replaced in between.
 * Strict on purpose, since what passes here is forwarded: CRLF line ends only, no folded or
 * space-prefixed header lines, no whitespace before a colon, control characters nowhere, one
 * Content-Length value of digits only, no Content-Length together with Transfer-Encoding, only
 * {@code chunked} as a request transfer coding, chunk sizes of hex digits, and bounded heads.
 */
final class Http1Reader {
  static final int MAX_FIELDS = 128;
  private static final int MAX_CHUNK_LINE = 1024;

  private enum State {
    HEAD,
    FIXED,
    CHUNK_SIZE,
    CHUNK_DATA,
    CHUNK_CRLF,
    TRAILERS,
    UNTIL_CLOSE,
    DONE
  }

  private final boolean request;
  private final int maxHead;
  private final ByteBufAllocator alloc;
  private long maxBody;
  private boolean noBodyExpected;

  private State state = State.HEAD;
  private int searchFrom;
  // Head, relative positions.
  private int headLength;
  private int methodEnd;
  private int targetStart;
  private int targetEnd;
  private int minorVersion;
  private int status;
  private int reasonStart;
  private int statusLineEnd;
  private final int[] fields = new int[MAX_FIELDS * 4];
  private int fieldCount;
  // Framing.
  private long contentLength;
  private boolean chunked;
  private boolean close;
  private boolean keepAliveToken;
  private boolean expectContinue;
  private boolean expectOther;
  // Body.
  private int pos;
  private long chunkRemaining;
  private long bodyLength;
  private int trailerBytes;
  private ByteBuf chunkedBody;

  Http1Reader(boolean request, int maxHead, ByteBufAllocator alloc) {
    this.request = request;
    this.maxHead = maxHead;
    this.alloc = alloc;
  }

  /**
   * Starts reading a new message. {@code noBody}: an answer to a HEAD request, which has no body
   * whatever its head says.
   */
  void reset(long maxBody, boolean noBody) {
    release();
    this.maxBody = maxBody;
    this.noBodyExpected = noBody;
    state = State.HEAD;
    searchFrom = 0;
    fieldCount = 0;
    contentLength = -1;
    chunked = false;
    close = false;
    keepAliveToken = false;
    expectContinue = false;
    expectOther = false;
    bodyLength = 0;
    trailerBytes = 0;
  }

  /** Frees the decoded chunked body, if any. */
  void release() {
    if (chunkedBody != null) {
      chunkedBody.release();
      chunkedBody = null;
    }
  }

  /**
   * Reads as far as the received bytes allow; true once the whole message is there.
   *
   * @throws BadHttpException malformed, or a body larger than the reset's maximum
   */
  boolean read(ByteBuf buf) throws BadHttpException {
    if (state == State.HEAD && !readHead(buf)) {
      return false;
    }
    switch (state) {
      case FIXED -> {
        if (buf.readableBytes() - headLength >= contentLength) {
          state = State.DONE;
        }
      }
      case CHUNK_SIZE, CHUNK_DATA, CHUNK_CRLF, TRAILERS -> readChunks(buf);
      case UNTIL_CLOSE -> {
        if (buf.readableBytes() - headLength > maxBody) {
          throw BadHttpException.tooLarge("body larger than " + maxBody + " bytes");
        }
      }
      default -> {}
    }
    return state == State.DONE;
  }

  /** For a message whose body runs until the connection closes: it just closed. */
  boolean closed(ByteBuf buf) {
    if (state != State.UNTIL_CLOSE) {
      return false;
    }
    bodyLength = buf == null ? 0 : buf.readableBytes() - headLength;
    pos = headLength + (int) bodyLength;
    state = State.DONE;
    return true;
  }

  boolean headDone() {
    return state != State.HEAD;
  }

  /** Bytes of the complete message in the buffer (head, body, chunk framing, trailers). */
  int messageLength() {
    return switch (state) {
      case DONE -> chunked ? pos : headLength + (int) bodyLength;
      default -> throw new IllegalStateException("message not complete");
    };
  }

  /** Removes the complete message from the buffer and gets ready for the next one. */
  void consume(ByteBuf buf, long nextMaxBody, boolean nextNoBody) {
    buf.skipBytes(messageLength());
    reset(nextMaxBody, nextNoBody);
  }

  private boolean readHead(ByteBuf buf) throws BadHttpException {
    if (request) {
      // A server should ignore empty lines before a request line (RFC 9112 2.2).
      while (buf.readableBytes() >= 2
          && buf.getByte(buf.readerIndex()) == '\r'
          && buf.getByte(buf.readerIndex() + 1) == '\n') {
        buf.skipBytes(2);
      }
    }
    int base = buf.readerIndex();
    int readable = buf.readableBytes();
    int from = Math.max(searchFrom, 0);
    while (true) {
      int lf = from >= readable ? -1 : buf.forEachByte(base + from, readable - from, ByteProcessor.FIND_LF);
      if (lf < 0) {
        if (readable > maxHead) {
          throw BadHttpException.malformed("head longer than " + maxHead + " bytes");
        }
        searchFrom = readable;
        return false;
      }
      int rel = lf - base;
      if (rel == 0 || buf.getByte(lf - 1) != '\r') {
        throw BadHttpException.malformed("line not ended by CRLF");
      }
      if (rel >= 3 && buf.getByte(lf - 2) == '\n') {
        headLength = rel + 1;
        break;
      }
      if (rel == 1) {
        // An empty first line: only a response can get here (requests skip them above).
        throw BadHttpException.malformed("empty status line");
      }
      from = rel + 1;
    }
    if (headLength > maxHead) {
      throw BadHttpException.malformed("head longer than " + maxHead + " bytes");
    }
    parseHead(buf, base);
    return true;
  }

  private void parseHead(ByteBuf buf, int base) throws BadHttpException {
    int lineEnd = indexOfCr(buf, base, 0);
    if (request) {
      parseRequestLine(buf, base, lineEnd);
    } else {
      parseStatusLine(buf, base, lineEnd);
    }
    int p = lineEnd + 2;
    while (p < headLength - 2) {
      int end = indexOfCr(buf, base, p);
      parseField(buf, base, p, end);
      p = end + 2;
    }
    frame(buf, base);
  }

  /** The position of the CR ending the line that starts at {@code from} (relative). */
  private int indexOfCr(ByteBuf buf, int base, int from) {
    return buf.forEachByte(base + from, headLength - from, ByteProcessor.FIND_CR) - base;
  }

  private void parseRequestLine(ByteBuf buf, int base, int end) throws BadHttpException {
    int p = 0;
    while (p < end && Ascii.isToken(buf.getByte(base + p))) {
      p++;
    }
    if (p == 0 || p >= end || buf.getByte(base + p) != ' ') {
      throw BadHttpException.malformed("invalid request method");
    }
    methodEnd = p;
    targetStart = ++p;
    while (p < end) {
      byte b = buf.getByte(base + p);
      if (b == ' ') {
        break;
      }
      if (b < 0x21 || b > 0x7e) {
        throw BadHttpException.malformed("invalid character in request target");
      }
      p++;
    }
    targetEnd = p;
    if (targetEnd == targetStart || p >= end) {
      throw BadHttpException.malformed("invalid request line");
    }
    minorVersion = version(buf, base, p + 1, end);
    if (minorVersion < 0) {
      throw BadHttpException.malformed("unsupported HTTP version");
    }
  }

  private void parseStatusLine(ByteBuf buf, int base, int end) throws BadHttpException {
    minorVersion = version(buf, base, 0, Math.min(end, 8));
    if (minorVersion < 0 || end < 12 || buf.getByte(base + 8) != ' ') {
      throw BadHttpException.malformed("invalid status line");
    }
    int s = 0;
    for (int i = 9; i < 12; i++) {
      byte b = buf.getByte(base + i);
      if (b < '0' || b > '9') {
        throw BadHttpException.malformed("invalid status code");
      }
      s = s * 10 + (b - '0');
    }
    if (s < 100 || (end > 12 && buf.getByte(base + 12) != ' ')) {
      throw BadHttpException.malformed("invalid status line");
    }
    for (int i = 13; i < end; i++) {
      byte b = buf.getByte(base + i);
      if ((b < 0x20 && b != '\t') || b == 0x7f) {
        throw BadHttpException.malformed("invalid character in reason phrase");
      }
    }
    status = s;
    reasonStart = 9;
    statusLineEnd = end;
  }

  /** 0 or 1 for exactly "HTTP/1.0" or "HTTP/1.1" in [from, end), else -1. */
  private static int version(ByteBuf buf, int base, int from, int end) {
    if (end - from != 8 || !Ascii.equalsExact(buf, base + from, 7, "HTTP/1.")) {
      return -1;
    }
    byte minor = buf.getByte(base + from + 7);
    return minor == '1' ? 1 : minor == '0' ? 0 : -1;
  }

  private void parseField(ByteBuf buf, int base, int start, int end) throws BadHttpException {
    int p = start;
    while (p < end && Ascii.isToken(buf.getByte(base + p))) {
      p++;
    }
    if (p == start) {
      byte first = buf.getByte(base + start);
      throw BadHttpException.malformed(
          first == ' ' || first == '\t'
              ? "folded header lines are not accepted"
              : "invalid header name");
    }
    if (p >= end || buf.getByte(base + p) != ':') {
      throw BadHttpException.malformed("invalid header name (or whitespace before the colon)");
    }
    int nameEnd = p++;
    while (p < end && isWhitespace(buf.getByte(base + p))) {
      p++;
    }
    int valueStart = p;
    int valueEnd = p;
    for (; p < end; p++) {
      byte b = buf.getByte(base + p);
      if ((b >= 0 && b < 0x20 && b != '\t') || b == 0x7f) {
        throw BadHttpException.malformed("invalid character in header value");
      }
      if (!isWhitespace(b)) {
        valueEnd = p + 1;
      }
    }
    if (fieldCount == MAX_FIELDS) {
      throw BadHttpException.malformed("more than " + MAX_FIELDS + " header fields");
    }
    int i = fieldCount++ * 4;
    fields[i] = start;
    fields[i + 1] = nameEnd;
    fields[i + 2] = valueStart;
    fields[i + 3] = valueEnd;
  }

  private static boolean isWhitespace(byte b) {
    return b == ' ' || b == '\t';
  }

  private void frame(ByteBuf buf, int base) throws BadHttpException {
    int transferEncodings = 0;
    for (int f = 0; f < fieldCount; f++) {
      int i = f * 4;
      int nameStart = base + fields[i];
      int nameLength = fields[i + 1] - fields[i];
      int valueStart = base + fields[i + 2];
      int valueLength = fields[i + 3] - fields[i + 2];
      switch (nameLength) {
        case 14 -> {
          if (Ascii.equalsLower(buf, nameStart, 14, "content-length")) {
            long length = digits(buf, valueStart, valueLength);
            if (contentLength >= 0 && contentLength != length) {
              throw BadHttpException.malformed("conflicting Content-Length headers");
            }
            contentLength = length;
          }
        }
        case 17 -> {
          if (Ascii.equalsLower(buf, nameStart, 17, "transfer-encoding")) {
            transferEncodings++;
            chunked = Ascii.equalsLower(buf, valueStart, valueLength, "chunked");
            if (request && !chunked) {
              throw BadHttpException.malformed("unsupported Transfer-Encoding (only chunked)");
            }
          }
        }
        case 10 -> {
          if (Ascii.equalsLower(buf, nameStart, 10, "connection")) {
            connectionTokens(buf, valueStart, valueLength);
          }
        }
        case 6 -> {
          if (request && Ascii.equalsLower(buf, nameStart, 6, "expect")) {
            if (Ascii.equalsLower(buf, valueStart, valueLength, "100-continue")) {
              expectContinue = true;
            } else {
              expectOther = true;
            }
          }
        }
        default -> {}
      }
    }
    if (transferEncodings > 0) {
      if (contentLength >= 0) {
        throw BadHttpException.malformed("both Content-Length and Transfer-Encoding");
      }
      if (transferEncodings > 1) {
        throw BadHttpException.malformed("more than one Transfer-Encoding header");
      }
      if (request && minorVersion == 0) {
        throw BadHttpException.malformed("Transfer-Encoding in an HTTP/1.0 request");
      }
    }
    if (!request && (status / 100 == 1 || status == 204 || status == 304 || noBodyExpected)) {
      state = State.DONE;
      chunked = false;
      bodyLength = 0;
      return;
    }
    if (chunked) {
      pos = headLength;
      state = State.CHUNK_SIZE;
    } else if (contentLength >= 0) {
      if (contentLength > maxBody) {
        throw BadHttpException.tooLarge("body larger than " + maxBody + " bytes");
      }
      bodyLength = contentLength;
      state = contentLength == 0 ? State.DONE : State.FIXED;
    } else if (request) {
      state = State.DONE;
    } else {
      state = State.UNTIL_CLOSE;
      close = true;
    }
  }

  private static long digits(ByteBuf buf, int start, int length) throws BadHttpException {
    if (length == 0 || length > 18) {
      throw BadHttpException.malformed("invalid Content-Length");
    }
    long v = 0;
    for (int i = 0; i < length; i++) {
      byte b = buf.getByte(start + i);
      if (b < '0' || b > '9') {
        throw BadHttpException.malformed("invalid Content-Length");
      }
      v = v * 10 + (b - '0');
    }
    return v;
  }

  private void connectionTokens(ByteBuf buf, int start, int length) {
    int p = start;
    int end = start + length;
    while (p < end) {
      while (p < end && (isWhitespace(buf.getByte(p)) || buf.getByte(p) == ',')) {
        p++;
      }
      int tokenStart = p;
      while (p < end && buf.getByte(p) != ',') {
        p++;
      }
      int tokenEnd = p;
      while (tokenEnd > tokenStart && isWhitespace(buf.getByte(tokenEnd - 1))) {
        tokenEnd--;
      }
      if (Ascii.equalsLower(buf, tokenStart, tokenEnd - tokenStart, "close")) {
        close = true;
      } else if (Ascii.equalsLower(buf, tokenStart, tokenEnd - tokenStart, "keep-alive")) {
        keepAliveToken = true;
      }
    }
  }

  private void readChunks(ByteBuf buf) throws BadHttpException {
    int base = buf.readerIndex();
    int readable = buf.readableBytes();
    while (state != State.DONE) {
      switch (state) {
        case CHUNK_SIZE -> {
          int end = lineEnd(buf, base, readable, MAX_CHUNK_LINE, "chunk size line too long");
          if (end < 0) {
            return;
          }
          long size = chunkSize(buf, base + pos, end - pos);
          if (bodyLength + size > maxBody) {
            throw BadHttpException.tooLarge("body larger than " + maxBody + " bytes");
          }
          pos = end + 2;
          chunkRemaining = size;
          state = size == 0 ? State.TRAILERS : State.CHUNK_DATA;
        }
        case CHUNK_DATA -> {
          int n = (int) Math.min(chunkRemaining, readable - pos);
          if (n == 0) {
            return;
          }
          if (chunkedBody == null) {
            chunkedBody = alloc.buffer((int) Math.min(Math.max(chunkRemaining, 256), 65536));
          }
          chunkedBody.writeBytes(buf, base + pos, n);
          pos += n;
          bodyLength += n;
          chunkRemaining -= n;
          if (chunkRemaining == 0) {
            state = State.CHUNK_CRLF;
          }
        }
        case CHUNK_CRLF -> {
          if (readable - pos < 2) {
            return;
          }
          if (buf.getByte(base + pos) != '\r' || buf.getByte(base + pos + 1) != '\n') {
            throw BadHttpException.malformed("chunk data not followed by CRLF");
          }
          pos += 2;
          state = State.CHUNK_SIZE;
        }
        case TRAILERS -> {
          int end = lineEnd(buf, base, readable, maxHead, "trailer section too long");
          if (end < 0) {
            return;
          }
          trailerBytes += end + 2 - pos;
          if (trailerBytes > maxHead) {
            throw BadHttpException.malformed("trailer section too long");
          }
          if (end > pos) {
            validateTrailer(buf, base + pos, end - pos);
          } else {
            state = State.DONE;
          }
          pos = end + 2;
        }
        default -> throw new IllegalStateException(state.name());
      }
    }
  }

  /** The position of the CR of the CRLF ending the line at {@code pos}, or -1 if not there yet. */
  private int lineEnd(ByteBuf buf, int base, int readable, int max, String tooLong)
      throws BadHttpException {
    int lf = buf.forEachByte(base + pos, readable - pos, ByteProcessor.FIND_LF);
    if (lf < 0) {
      if (readable - pos > max) {
        throw BadHttpException.malformed(tooLong);
      }
      return -1;
    }
    int end = lf - base - 1;
    if (end < pos || buf.getByte(base + end) != '\r') {
      throw BadHttpException.malformed("line not ended by CRLF");
    }
    if (end - pos > max) {
      throw BadHttpException.malformed(tooLong);
    }
    return end;
  }

  private static long chunkSize(ByteBuf buf, int start, int length) throws BadHttpException {
    long size = 0;
    int p = 0;
    while (p < length) {
      int d = Character.digit(buf.getByte(start + p), 16);
      if (d < 0) {
        break;
      }
      if (p == 15) {
        throw BadHttpException.malformed("chunk size too large");
      }
      size = size * 16 + d;
      p++;
    }
    if (p == 0) {
      throw BadHttpException.malformed("invalid chunk size");
    }
    int q = p;
    while (q < length && isWhitespace(buf.getByte(start + q))) {
      q++;
    }
    if (q < length && buf.getByte(start + q) != ';') {
      throw BadHttpException.malformed("invalid chunk size");
    }
    for (; q < length; q++) {
      byte b = buf.getByte(start + q);
      if ((b >= 0 && b < 0x20 && b != '\t') || b == 0x7f || b == '\r') {
        throw BadHttpException.malformed("invalid character in chunk extension");
      }
    }
    return size;
  }

  private static void validateTrailer(ByteBuf buf, int start, int length)
      throws BadHttpException {
    int p = 0;
    while (p < length && Ascii.isToken(buf.getByte(start + p))) {
      p++;
    }
    if (p == 0 || p >= length || buf.getByte(start + p) != ':') {
      throw BadHttpException.malformed("invalid trailer field");
    }
    for (p++; p < length; p++) {
      byte b = buf.getByte(start + p);
      if ((b >= 0 && b < 0x20 && b != '\t') || b == 0x7f) {
        throw BadHttpException.malformed("invalid character in trailer field");
      }
    }
  }

  // --- what the head says (valid once headDone()) ---

  boolean keepAlive() {
    if (close) {
      return false;
    }
    return minorVersion == 1 || keepAliveToken;
  }

  int minorVersion() {
    return minorVersion;
  }

  boolean expectContinue() {
    return expectContinue;
  }

  boolean unsupportedExpectation() {
    return expectOther;
  }

  /** Whether the request said how long its body is (Content-Length or chunked). */
  boolean framed() {
    return chunked || contentLength >= 0;
  }

  int status() {
    return status;
  }

  int headLength() {
    return headLength;
  }

  long bodyLength() {
    return bodyLength;
  }

  /** Whether the whole body was received already (without waiting for more bytes). */
  boolean bodyComplete() {
    return state == State.DONE;
  }

  /** The body of the complete message: a view of {@code buf} or of the decoded chunks. */
  ByteBuf body(ByteBuf buf) {
    if (bodyLength == 0) {
      return io.netty.buffer.Unpooled.EMPTY_BUFFER;
    }
    return chunked ? chunkedBody : buf.slice(buf.readerIndex() + headLength, (int) bodyLength);
  }

  int methodLength() {
    return methodEnd;
  }

  boolean methodIs(ByteBuf buf, String method) {
    return Ascii.equalsExact(buf, buf.readerIndex(), methodEnd, method);
  }

  int targetStart() {
    return targetStart;
  }

  int targetEnd() {
    return targetEnd;
  }

  /** Start of the status code in the status line (relative); it runs to {@link #statusLineEnd}. */
  int statusCodeStart() {
    return reasonStart;
  }

  int statusLineEnd() {
    return statusLineEnd;
  }

  int fieldCount() {
    return fieldCount;
  }

  int nameStart(int field) {
    return fields[field * 4];
  }

  int nameEnd(int field) {
    return fields[field * 4 + 1];
  }

  int valueStart(int field) {
    return fields[field * 4 + 2];
  }

  int valueEnd(int field) {
    return fields[field * 4 + 3];
  }

  boolean nameIs(ByteBuf buf, int field, String name) {
    int i = field * 4;
    return Ascii.equalsIgnoreCase(buf, buf.readerIndex() + fields[i], fields[i + 1] - fields[i], name);
  }

  /** The first value of header {@code name} (any case), or null. */
  String header(ByteBuf buf, String name) {
    for (int f = 0; f < fieldCount; f++) {
      if (nameIs(buf, f, name)) {
        return value(buf, f);
      }
    }
    return null;
  }

  String value(ByteBuf buf, int field) {
    int i = field * 4;
    return Ascii.string(buf, buf.readerIndex() + fields[i + 2], fields[i + 3] - fields[i + 2]);
  }

  /** The value of cookie {@code name} in the Cookie headers, or null. */
  String cookie(ByteBuf buf, String name) {
    for (int f = 0; f < fieldCount; f++) {
      if (!nameIs(buf, f, "cookie")) {
        continue;
      }
      for (String pair : value(buf, f).split(";")) {
        int eq = pair.indexOf('=');
        if (eq > 0 && pair.substring(0, eq).trim().equals(name)) {
          String v = pair.substring(eq + 1).trim();
          if (v.length() >= 2 && v.charAt(0) == '"' && v.charAt(v.length() - 1) == '"') {
            v = v.substring(1, v.length() - 1);
          }
          return v;
        }
      }
    }
    return null;
  }
}
